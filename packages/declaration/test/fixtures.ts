/**
 * Valid example declarations and fast-check arbitraries that generate valid declarations in
 * canonical form (what the schemas output), for the property and fuzz tests.
 */
import type {
  CheckinDeclaration,
  DailyDeclaration,
  DeclarationName,
  DomesticDeclaration,
  EmployeeDeclaration,
  EntryDeclaration,
  MovementDeclaration,
} from '@healthtrace/declaration';
import {
  BORDER_GATES,
  CHECKIN_DIRECTIONS,
  DAILY_STATES,
  DOMESTIC_EXPOSURES,
  DOMESTIC_SYMPTOMS,
  ENTRY_EXPOSURES,
  ENTRY_SYMPTOMS,
  QUARANTINE_CHOICES,
  TRAVEL_MODES,
  UNDERLYING_CONDITIONS,
} from '@healthtrace/declaration';
import fc from 'fast-check';

const no = <K extends string>(keys: readonly K[]): Record<K, boolean> =>
  Object.fromEntries(keys.map((k) => [k, false])) as Record<K, boolean>;

/** A valid domestic declaration (CCCD 024… = registered in Bắc Giang, male, born 1990). */
export const domesticExample: DomesticDeclaration = {
  declarationDate: '2021-05-20',
  fullName: 'NGUYỄN VĂN AN',
  idNumber: '024090123456',
  birthYear: 1990,
  sex: 'male',
  nationality: 'VN',
  address: { provinceCode: '24', districtCode: '213', wardCode: '07210', street: 'Số 1, thôn Đông' },
  phone: '+84912345678',
  travelled: true,
  travel: [
    { kind: 'province', provinceCode: '01' },
    { kind: 'country', countryCode: 'JP' },
  ],
  symptoms: no(DOMESTIC_SYMPTOMS),
  exposure: no(DOMESTIC_EXPOSURES),
  underlyingConditions: no(UNDERLYING_CONDITIONS),
};

/** A valid entry declaration. */
export const entryExample: EntryDeclaration = {
  declarationDate: '2021-03-10',
  borderGate: 'noi-bai',
  fullName: 'John Smith',
  birthYear: 1985,
  sex: 'male',
  nationality: 'GB',
  passportNumber: 'C1234567',
  travelModes: ['plane'],
  vehicleNumber: 'VN54',
  seatNumber: '12A',
  departureDate: '2021-03-09',
  entryDate: '2021-03-10',
  departure: { countryCode: 'GB', province: 'London' },
  destination: { provinceCode: '01' },
  countriesVisited: ['GB'],
  contactAddress: { provinceCode: '01', districtCode: '001', wardCode: '00001', street: '1 Phúc Xá' },
  postQuarantineAddress: { provinceCode: '01', districtCode: '001', wardCode: '00001', street: '1 Phúc Xá' },
  phone: '+84912345678',
  symptoms: no(ENTRY_SYMPTOMS),
  exposure: no(ENTRY_EXPOSURES),
  quarantine: { choice: 'centralised' },
};

/** A valid daily report. */
export const dailyExample: DailyDeclaration = { date: '2021-05-20', states: ['healthy'] };

/** A valid movement declaration. */
export const movementExample: MovementDeclaration = {
  declarationDate: '2021-05-20',
  fullName: 'Trần Thị Bình',
  birthYear: 1970,
  sex: 'female',
  phone: '+84987654321',
  address: { provinceCode: '24', wardCode: '07210', street: 'Thôn Đông' },
  origin: { provinceCode: '24' },
  destination: { provinceCode: '01', detail: 'Bến xe Giáp Bát' },
};

/** A valid venue check-in (tokhaiyte groupId from the reference). */
export const checkinExample: CheckinDeclaration = {
  venueId: '6092414e92bd219ab40fb32f',
  qrText: 'https://tokhaiyte.vn/?page=Group.checkin&groupId=6092414e92bd219ab40fb32f',
  scannedAt: '2021-05-20T08:30:00+07:00',
  direction: 'in',
};

/** A valid employee check. */
export const employeeExample: EmployeeDeclaration = {
  date: '2021-05-20',
  employeeId: 'NV-0042',
  department: 'Xưởng may 2',
  symptoms: no(DOMESTIC_SYMPTOMS),
  exposure: no(DOMESTIC_EXPOSURES),
};

/** One valid example per kind. */
export const EXAMPLES: Record<DeclarationName, unknown> = {
  domestic: domesticExample,
  entry: entryExample,
  daily: dailyExample,
  movement: movementExample,
  checkin: checkinExample,
  employee: employeeExample,
};

// ---- arbitraries (canonical output form) ----

const digits = (n: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
/** Trimmed, non-empty printable ASCII of at most `max` characters. */
const text = (max: number): fc.Arbitrary<string> =>
  fc
    .string({ minLength: 1, maxLength: max })
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
const date = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const bools = <K extends string>(keys: readonly K[]): fc.Arbitrary<Record<K, boolean>> =>
  fc.record(Object.fromEntries(keys.map((k) => [k, fc.boolean()])) as Record<K, fc.Arbitrary<boolean>>) as fc.Arbitrary<Record<K, boolean>>;
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
/** Drops `undefined` values, as JSON does (the schemas never output `undefined` keys). */
const compact = <T extends object>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const WORDS = ['NGUYỄN', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Văn', 'Thị', 'An', 'Bình', 'Đức', 'Hương', "O'Brien", 'Anne-Marie', 'Smith'];
const name = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 5 }).map((w) => w.join(' ').normalize('NFC'));
const MOBILE_PREFIXES = [
  '90',
  '91',
  '93',
  '94',
  '96',
  '97',
  '98',
  '32',
  '33',
  '70',
  '76',
  '77',
  '78',
  '79',
  '81',
  '82',
  '83',
  '84',
  '85',
  '86',
  '88',
];
const phone = fc.tuple(fc.constantFrom(...MOBILE_PREFIXES), digits(7)).map(([p, rest]) => `+84${p}${rest}`);
const country = fc.constantFrom('VN', 'JP', 'KR', 'US', 'GB', 'FR', 'CN', 'TH', 'LA', 'KH');
const province = fc.constantFrom('01', '24', '27', '30', '31', '79', '92');
const address = fc.record(
  { provinceCode: province, districtCode: digits(3), wardCode: digits(5), street: text(200) },
  { requiredKeys: ['provinceCode', 'wardCode', 'street'] },
);
const sex = fc.constantFrom('male' as const, 'female' as const, 'other' as const);
const email = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/), fc.constantFrom('example.com', 'mail.vn')).map(([u, d]) => `${u}@${d}`);

/** A 12-digit CCCD consistent with birth year and sex (reference §10.1), or a passport number. */
const person = fc
  .record({
    birthYear: fc.integer({ min: 1920, max: 2020 }),
    sex,
    kind: fc.constantFrom('cccd', 'passport'),
    tail: digits(6),
    passport: digits(7),
  })
  .map(({ birthYear, sex, kind, tail, passport }) => {
    const century = birthYear < 2000 ? 0 : 2;
    const female = sex === 'female' ? 1 : 0;
    const idNumber = kind === 'cccd' ? `024${century + female}${String(birthYear % 100).padStart(2, '0')}${tail}` : `C${passport}`;
    return { birthYear, sex, idNumber };
  });

const visited = fc.oneof(
  province.map((provinceCode) => ({ kind: 'province' as const, provinceCode })),
  country.map((countryCode) => ({ kind: 'country' as const, countryCode })),
);

/** Valid domestic declarations. */
export const domesticArb: fc.Arbitrary<DomesticDeclaration> = fc
  .record({
    declarationDate: date,
    fullName: name,
    person,
    dateOfBirth: fc.boolean(),
    nationality: country,
    address,
    phone,
    email: opt(email),
    socialInsuranceNumber: opt(text(20)),
    travel: fc.uniqueArray(visited, { maxLength: 5, selector: (p) => JSON.stringify(p) }),
    symptoms: bools(DOMESTIC_SYMPTOMS),
    exposure: bools(DOMESTIC_EXPOSURES),
    underlyingConditions: bools(UNDERLYING_CONDITIONS),
    vaccinations: opt(fc.array(fc.record({ vaccine: text(100), date: opt(date) }), { maxLength: 3 })),
  })
  .map(({ person, dateOfBirth, travel, ...rest }) =>
    compact({
      ...rest,
      ...person,
      dateOfBirth: dateOfBirth ? `${person.birthYear}-06-15` : undefined,
      travelled: travel.length > 0,
      travel: travel.length > 0 ? travel : undefined,
    }),
  );

/** Valid entry declarations. */
export const entryArb: fc.Arbitrary<EntryDeclaration> = fc
  .record({
    declarationDate: date,
    borderGate: fc.constantFrom(...BORDER_GATES),
    fullName: name,
    person,
    nationality: country,
    travelModes: fc.uniqueArray(fc.constantFrom(...TRAVEL_MODES), { minLength: 1, maxLength: 4 }),
    otherText: text(100),
    vehicleNumber: text(20),
    seatNumber: opt(text(10)),
    dates: fc.tuple(date, date).map(([a, b]) => (a <= b ? [a, b] : [b, a])),
    departure: fc.record({ countryCode: country, province: opt(text(100)) }),
    destination: fc.record({ provinceCode: province }),
    countriesVisited: fc.uniqueArray(country, { maxLength: 5 }),
    contactAddress: address,
    postQuarantineAddress: address,
    phone,
    email: opt(email),
    symptoms: bools(ENTRY_SYMPTOMS),
    exposure: bools(ENTRY_EXPOSURES),
    vaccines: opt(fc.array(text(100), { maxLength: 3 })),
    testResult: opt(fc.record({ result: fc.constantFrom('negative' as const, 'positive' as const), testDate: date })),
    quarantine: fc.constantFrom(...QUARANTINE_CHOICES),
    details: text(200),
  })
  .map(({ person, travelModes, otherText, dates, quarantine, details, ...rest }) =>
    compact({
      ...rest,
      fullName: rest.fullName,
      birthYear: person.birthYear,
      sex: person.sex,
      passportNumber: person.idNumber,
      travelModes,
      otherTravelMode: travelModes.includes('other') ? otherText : undefined,
      departureDate: dates[0]!,
      entryDate: dates[1]!,
      quarantine: { choice: quarantine, details: quarantine === 'other' ? details : undefined },
    }),
  );

/** Valid daily reports. */
export const dailyArb: fc.Arbitrary<DailyDeclaration> = fc.record({
  date,
  states: fc.oneof(
    fc.constant<DailyDeclaration['states']>(['healthy']),
    fc.uniqueArray(fc.constantFrom(...DAILY_STATES.filter((s) => s !== 'healthy')), { minLength: 1, maxLength: 4 }),
  ),
});

const place = fc.record(
  { provinceCode: province, districtCode: digits(3), wardCode: digits(5), detail: text(200) },
  { requiredKeys: ['provinceCode'] },
);

/** Valid movement declarations. */
export const movementArb: fc.Arbitrary<MovementDeclaration> = fc
  .record({ declarationDate: date, travelDate: opt(date), fullName: name, person, phone, address, origin: place, destination: place })
  .map(({ person, ...rest }) => compact({ ...rest, birthYear: person.birthYear, sex: person.sex }));

/** Valid check-ins. */
export const checkinArb: fc.Arbitrary<CheckinDeclaration> = fc.record({
  venueId: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
  qrText: text(300),
  scannedAt: fc
    .tuple(
      fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }),
      fc.constantFrom('Z', '+07:00'),
    )
    .map(([d, zone]) => d.toISOString().slice(0, 19) + zone),
  direction: fc.constantFrom(...CHECKIN_DIRECTIONS),
});

/** Valid employee checks. */
export const employeeArb: fc.Arbitrary<EmployeeDeclaration> = fc
  .record({
    date,
    employeeId: text(64),
    department: text(100),
    employer: opt(text(200)),
    symptoms: bools(DOMESTIC_SYMPTOMS),
    exposure: bools(DOMESTIC_EXPOSURES),
  })
  .map(compact);

/** Valid-declaration arbitraries by kind. */
export const ARBITRARIES: Record<DeclarationName, fc.Arbitrary<unknown>> = {
  domestic: domesticArb,
  entry: entryArb,
  daily: dailyArb,
  movement: movementArb,
  checkin: checkinArb,
  employee: employeeArb,
};
