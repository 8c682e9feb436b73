import { fuzzSchema } from './fuzz-schema';

fuzzSchema('checkin');
