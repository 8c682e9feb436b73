/**
 * English labels and messages.
 *
 * @packageDocumentation
 */
import { type DeclarationLocale, type LocaleLabels, withLabels } from './types';

const q = (field: string): string => `“${field}”`;
const items = (n: number | undefined): string => `${n} ${n === 1 ? 'item' : 'items'}`;
const chars = (n: number | undefined): string => `${n} ${n === 1 ? 'character' : 'characters'}`;

/** The 14-day symptom and exposure questions shared by the domestic and employee forms. */
const health14Fields: Record<string, string> = {
  symptoms: 'In the past 14 days, have you had any of the following signs?',
  shortnessOfBreath: 'Shortness of breath',
  pneumonia: 'Pneumonia',
  fatigue: 'Fatigue',
  exposure: 'In the past 14 days, have you been in contact with:',
  confirmedOrSuspectedCase: 'A confirmed or suspected COVID-19 patient',
  personFromAffectedCountry: 'A person from a country with COVID-19',
  personWithSymptoms: 'A person with fever, cough, difficulty breathing or pneumonia',
};

/** English labels specific to the domestic form. */
export const enDomesticLabels: LocaleLabels = {
  groups: { personal: 'Personal details', contact: 'Address and contact', travel: 'Travel', health: 'Health', vaccination: 'Vaccination' },
  titles: {
    domestic: 'Health declaration',
  },
  notices: {
    domestic:
      'This information lets the health authorities contact you when needed. Warning: making a false declaration breaks Vietnamese law and may be prosecuted as a crime.',
  },
  fields: {
    ...health14Fields,
    socialInsuranceNumber: 'Social-insurance or health-insurance number',
    travelled:
      'In the past 14 days, have you been to another province or city, or another country or territory? (You may list several places)',
    travel: 'Places visited',
    kind: 'Kind of place',
    underlyingConditions: 'Do you currently have any of the following conditions?',
    chronicLiverDisease: 'Chronic liver disease',
    chronicBloodDisease: 'Chronic blood disease',
    chronicLungDisease: 'Chronic lung disease',
    chronicKidneyDisease: 'Chronic kidney disease',
    cardiovascularDisease: 'Heart disease',
    hypertension: 'High blood pressure',
    immunodeficiency: 'Weakened immune system',
    transplantRecipient: 'Organ or bone-marrow transplant recipient',
    diabetes: 'Diabetes',
    cancer: 'Cancer',
    vaccinations: 'Vaccine doses received',
    vaccine: 'Vaccine',
    'vaccinations.date': 'Date of the dose',
  },
  options: {
    'travelKind.province': 'Province or city in Vietnam',
    'travelKind.country': 'Country or territory',
  },
};

/** English labels specific to the entry form. */
export const enEntryLabels: LocaleLabels = {
  groups: {
    personal: 'Personal details',
    trip: 'Trip',
    contact: 'Address and contact',
    health: 'Health',
    vaccination: 'Vaccination',
    test: 'Test',
    quarantine: 'Quarantine',
  },
  messages: {
    'declaration/invalid-base64': ({ field }) => `The file in ${q(field)} could not be read (base64 expected).`,
    'declaration/date-order': () => 'The entry date cannot be earlier than the departure date.',
    'declaration/quarantine-details-required': () => 'Please say where you will be quarantined.',
    'declaration/other-travel-mode-required': () =>
      'Describe the other means of travel when you choose “Other” under means of travel, and only then.',
  },
  titles: {
    entry: 'Health declaration for people entering Vietnam',
  },
  notices: {
    entry: 'Warning: making a false declaration breaks Vietnamese law and may be prosecuted as a crime.',
  },
  fields: {
    'entry:fullName': 'Full name',
    'entry:symptoms': 'Within 21 days before your exit, entry or transit formalities, have you had any of the following signs?',
    'entry:exposure': 'Exposure history: in the past 21 days, have you',
    breathingDifficulty: 'Difficulty breathing',
    vomitingOrNausea: 'Vomiting / nausea',
    diarrhoea: 'Diarrhoea',
    skinHaemorrhage: 'Bleeding under the skin',
    rash: 'Skin rash',
    animalContact: 'Visited a livestock farm, a live-animal market or a slaughterhouse, or touched animals',
    closeContactWithCase: 'Been in close contact (< 2 m) with someone with a respiratory infection caused by nCoV',
    portraitPhotoBase64: 'Portrait photo',
    borderGate: 'Border gate',
    passportNumber: 'Passport or other travel document number',
    travelModes: 'Means of travel',
    otherTravelMode: 'Other (please specify)',
    vehicleNumber: 'Flight or vehicle number',
    seatNumber: 'Seat number',
    departureDate: 'Departure date',
    entryDate: 'Entry date',
    departure: 'Departure place (province / country)',
    province: 'Province or state',
    destination: 'Destination',
    countriesVisited: 'Which countries or territories have you visited in the past 21 days?',
    contactAddress: 'Contact address in Vietnam',
    'contactAddress.street': 'Street address',
    postQuarantineAddress: 'Where you will stay after quarantine',
    'postQuarantineAddress.street': 'Street address',
    vaccines: 'Vaccines or biologicals used',
    testResult: 'Test result certificate',
    result: 'Test result',
    testDate: 'Test date',
    fileBase64: 'Scan of the test certificate',
    quarantine: 'Quarantine',
    choice: 'Quarantine facility',
    details: 'Where you will be quarantined',
  },
  options: {
    'borderGate.cam-ranh': 'Cam Ranh',
    'borderGate.can-tho': 'Can Tho',
    'borderGate.cat-bi': 'Cat Bi',
    'borderGate.noi-bai': 'Noi Bai',
    'borderGate.phu-bai': 'Phu Bai',
    'borderGate.phu-cat': 'Phu Cat',
    'borderGate.phu-quoc': 'Phu Quoc',
    'borderGate.tan-son-nhat': 'Tan Son Nhat',
    'borderGate.van-don': 'Van Don',
    'borderGate.vinh': 'Vinh',
    'borderGate.da-nang': 'Da Nang',
    'travelMode.plane': 'Plane',
    'travelMode.ship': 'Ship',
    'travelMode.car': 'Car',
    'travelMode.other': 'Other',
    'testResult.negative': 'Negative',
    'testResult.positive': 'Positive',
    'quarantine.centralised': 'Centralised quarantine facility',
    'quarantine.self-selected': 'Quarantine facility of my choice',
    'quarantine.other': 'Other',
  },
};

/** English labels specific to the daily form. */
export const enDailyLabels: LocaleLabels = {
  groups: { health: 'Health' },
  messages: {
    'declaration/healthy-with-symptoms': () => '“Healthy” cannot be chosen together with a symptom.',
  },
  titles: {
    daily: 'Daily health report',
  },
  fields: {
    states: 'How are you today?',
  },
  options: {
    'dailyState.fever': 'Fever',
    'dailyState.cough': 'Cough',
    'dailyState.dyspnoea': 'Difficulty breathing',
    'dailyState.bodyPainFatigue': 'Body aches, tiredness',
    'dailyState.healthy': 'Healthy',
  },
};

/** English labels specific to the movement form. */
export const enMovementLabels: LocaleLabels = {
  groups: { personal: 'Personal details', contact: 'Address and contact', journey: 'Journey' },
  titles: {
    movement: 'Domestic travel declaration',
  },
  fields: {
    'movement:fullName': 'Full name',
    'movement:destination': 'Destination',
    travelDate: 'Travel date',
    origin: 'Travelling from',
    detail: 'Details',
    destination: 'Destination',
  },
  options: {},
};

/** English labels specific to the checkin form. */
export const enCheckinLabels: LocaleLabels = {
  groups: { venue: 'Venue' },
  messages: {
    'declaration/invalid-date-time': ({ field }) =>
      `${q(field)} must be an ISO 8601 time with a time zone, for example 2021-05-31T08:30:00+07:00.`,
    'declaration/invalid-venue-id': () => 'This is not a valid venue code.',
  },
  titles: {
    checkin: 'Venue check-in',
  },
  fields: {
    venueId: 'Venue code',
    qrText: 'QR code content',
    scannedAt: 'Scanned at',
    direction: 'Entering or leaving',
  },
  options: {
    'direction.in': 'Entering',
    'direction.out': 'Leaving',
  },
};

/** English labels specific to the employee form. */
export const enEmployeeLabels: LocaleLabels = {
  groups: { work: 'Workplace', health: 'Health' },
  titles: {
    employee: 'Employee daily health check',
  },
  fields: {
    ...health14Fields,
    'employee:symptoms': 'Do you have any of the following signs today?',
    employeeId: 'Employee ID',
    department: 'Department',
    employer: 'Employer',
  },
  options: {},
};

/**
 * The English messages and the labels every form shares (titles, group headings and the other
 * labels come with each form's labels); combine it with
 * per-form labels using `withLabels` (or use `en`, which has them all).
 *
 * @example
 * ```ts
 * import { en } from '@healthtrace/declaration/locales/en';
 * const result = safeParseDeclaration(domesticDeclarationSchema, input, { locale: en });
 * ```
 */
export const enBase: DeclarationLocale = {
  lang: 'en',
  titles: {},
  notices: {},
  groups: {},
  fields: {
    '': 'Declaration',
    declarationDate: 'Declaration date',
    date: 'Date',
    fullName: 'Full name (in CAPITALS)',
    idNumber: 'Passport / ID-card number',
    birthYear: 'Year of birth',
    dateOfBirth: 'Date of birth',
    sex: 'Sex',
    nationality: 'Nationality',
    address: 'Current address',
    provinceCode: 'Province',
    districtCode: 'District',
    wardCode: 'Ward/commune',
    street: 'House number, street, hamlet',
    phone: 'Phone',
    email: 'Email',
    countryCode: 'Country or territory',
    fever: 'Fever',
    cough: 'Cough',
    soreThroat: 'Sore throat',
  },
  options: {
    'sex.male': 'Male',
    'sex.female': 'Female',
    'sex.other': 'Other',
    'yesNo.true': 'Yes',
    'yesNo.false': 'No',
  },
  messages: {
    'declaration/required': ({ field }) => `Please fill in ${q(field)}.`,
    'declaration/invalid-type': ({ field }) => `${q(field)} has the wrong type of value.`,
    'declaration/unknown-field': ({ key }) => `${q(key ?? '')} is not part of this declaration.`,
    'declaration/too-short': ({ field, min }) => `${q(field)} must be at least ${chars(min)} long.`,
    'declaration/too-long': ({ field, max }) => `${q(field)} must be at most ${chars(max)} long.`,
    'declaration/too-few': ({ field, min }) => `Choose at least ${items(min)} for ${q(field)}.`,
    'declaration/too-many': ({ field, max }) => `${q(field)} can have at most ${items(max)}.`,
    'declaration/too-small': ({ field, min }) => `${q(field)} must be at least ${min}.`,
    'declaration/too-large': ({ field, max }) => `${q(field)} must be at most ${max}.`,
    'declaration/invalid-option': ({ field }) => `Please choose one of the listed options for ${q(field)}.`,
    'declaration/invalid-format': ({ field }) => `${q(field)} is not in the expected format.`,
    'declaration/invalid': ({ field }) => `${q(field)} is not valid.`,
    'declaration/unreadable-input': () => 'The declaration data could not be read.',
    'declaration/invalid-province-code': () => 'A province code has 2 digits.',
    'declaration/invalid-district-code': () => 'A district code has 3 digits.',
    'declaration/unknown-admin-unit': ({ field }) => `No ${q(field)} has this code on the declaration date.`,
    'declaration/invalid-ward-code': () => 'A ward or commune code has 5 digits.',
    'declaration/invalid-country-code': () => 'A country code is 2 capital letters (ISO 3166-1), for example VN.',
    'declaration/invalid-phone': () => 'This is not a valid phone number.',
    'declaration/invalid-id-number': () => 'This is not a valid ID card or passport number.',
    'declaration/invalid-name': ({ field }) => `${q(field)} may only contain letters, spaces, apostrophes, hyphens and dots.`,
    'declaration/invalid-email': () => 'This is not a valid email address.',
    'declaration/invalid-date': ({ field }) => `${q(field)} must be a real date written year-month-day, for example 2021-05-31.`,
    'declaration/invalid-year': () => 'The year of birth must be a year from 1900 to 2100.',
    'declaration/travel-list-required': () => 'Please list the provinces, cities, countries or territories you visited.',
    'declaration/travel-list-unexpected': () => 'You answered that you did not travel, so there is no need to list any places.',
    'declaration/place-code-mismatch': () => 'Give a province code for a province, or a country code for a country or territory.',
    'declaration/birth-year-mismatch': () => 'The date of birth does not match the year of birth.',
    'declaration/duplicate-item': ({ field }) => `${q(field)} is listed twice.`,
  },
};

/**
 * The English locale for the domestic form only: what a page rendering that one form needs.
 *
 * @example
 * ```ts
 * safeParseDeclaration(domesticDeclarationSchema, input, { form: 'domestic', locale: enDomestic });
 * ```
 */
export const enDomestic: DeclarationLocale = /* @__PURE__ */ (() => withLabels(enBase, enDomesticLabels))();

/**
 * The complete English locale: every form's labels.
 *
 * @example
 * ```ts
 * import { en } from '@healthtrace/declaration/locales/en';
 * const result = validateDeclaration('entry', input, { locale: en });
 * ```
 */
export const en: DeclarationLocale = /* @__PURE__ */ (() =>
  withLabels(enBase, enDomesticLabels, enEntryLabels, enDailyLabels, enMovementLabels, enCheckinLabels, enEmployeeLabels))();
