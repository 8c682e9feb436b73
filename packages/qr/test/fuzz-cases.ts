// Fuzzing inputs shared by the decoder fuzz suites (split in two files to keep each under ~20 s).
import {
  type DecodeResult,
  decodeCccdQr,
  decodeCwaEvent,
  decodeEuDcc,
  decodeNzCovidTracer,
  decodeSmartHealthCard,
  decodeTokhaiyteVenue,
  decodeUkNhsVenue,
  decodeVnPersonalQr,
  type ForeignKeys,
} from '@healthtrace/qr';
import { qrVectors, type VectorJson } from './fuzz-helpers';

const nz = qrVectors('nz-covid-tracer.json');
const uk = qrVectors('uk-nhs-covid19.json');
const cwa = qrVectors('cwa-event.json');
const dcc = qrVectors('eu-dcc.json');
const shc = qrVectors('smart-health-card.json');

const inputs = (file: VectorJson): string[] =>
  [...file.vectors, ...(file.negative_vectors ?? [])].map((v) => v.input).filter((x): x is string => typeof x === 'string');

export const keys: ForeignKeys = {
  ukNhs: { kid: uk.key_material.kid, publicKey: uk.key_material.public_key_pem },
  euDcc: [{ certificate: dcc.key_material.signing_certificate_der_base64 }],
  shc: shc.key_material.jwks,
};
export const now = new Date('2021-05-04T00:00:00Z');

const vnPersonal = [
  '******789012|NGUYEN VAN AN|1990-**-**|0|a1b2c3d4|',
  '******789012|TRAN THI B|1989/3/3|1|Q123|1<GD4877*******<0943******',
];
const cccd = [
  '024199012345|123456789|Nguyễn Văn An|15081999|Nam|Thôn 1, Bắc Giang|20042021',
  '001302012345|Trần Thị B|01012002|Nữ|Hà Nội|10102021',
];
const tokhaiyte = ['https://tokhaiyte.vn/?page=Group.checkin&groupId=6092414e92bd219ab40fb32f'];

type Decode = (text: string, withKeys: boolean) => DecodeResult;

/** [name, samples, prefixes, decoder (optionally verifying with the official keys)] for every format. */
export const cases: [string, readonly string[], readonly string[], Decode][] = [
  [
    'NZ COVID Tracer',
    inputs(nz),
    ['NZCOVIDTRACER:', 'https://tracing.covid19.govt.nz/scan#data=NZCOVIDTRACER:'],
    (t) => decodeNzCovidTracer(t),
  ],
  [
    'UK NHS venue',
    inputs(uk),
    ['UKC19TRACING:1:', 'UKC19TRACING:1:eyJhbGciOiJFUzI1NiJ9.'],
    (t, k) => decodeUkNhsVenue(t, { keys: k ? keys.ukNhs : undefined }),
  ],
  [
    'CWA event',
    [
      ...inputs(cwa),
      ...cwa.vectors
        .filter((v: VectorJson) => v.input_payload_base64)
        .map((v: VectorJson) => `https://e.coronawarn.app?v=1#${v.input_payload_base64}`),
    ],
    ['https://e.coronawarn.app?v=1#', 'https://e.coronawarn.app/?v=1#CAES', 'https://x.example/CWA1/'],
    (t) => decodeCwaEvent(t),
  ],
  ['EU DCC', inputs(dcc), ['HC1:', 'HC1:NCF', 'HC2:'], (t, k) => decodeEuDcc(t, { trustList: k ? keys.euDcc : undefined, now })],
  [
    'SMART Health Card',
    inputs(shc),
    ['shc:/', 'shc:/5676', 'shc:/1/2/'],
    (t, k) => decodeSmartHealthCard(t, { jwks: k ? keys.shc : undefined, now }),
  ],
  [
    'tokhaiyte venue',
    tokhaiyte,
    ['https://tokhaiyte.vn/?', 'https://tokhaiyte.vn/?page=Group.checkin&groupId='],
    (t) => decodeTokhaiyteVenue(t),
  ],
  ['VN personal QR', vnPersonal, ['123456789|A|1990-01-01|0|', '******|'], (t) => decodeVnPersonalQr(t)],
  ['CCCD QR', cccd, ['001099012345|', '001099012345||A|01011999|Nam|'], (t) => decodeCccdQr(t)],
];
