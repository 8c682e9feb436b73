import { fuzzSchema } from './fuzz-schema';

fuzzSchema('employee');
