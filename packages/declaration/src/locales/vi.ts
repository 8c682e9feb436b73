/**
 * Vietnamese labels and messages (the default locale). Form labels reproduce the official
 * forms' wording (tokhaiyte.vn, NCOVI, the entry form of the VHD app).
 *
 * @packageDocumentation
 */
import { type DeclarationLocale, type LocaleLabels, withLabels } from './types';

const q = (field: string): string => `“${field}”`;

/** The 14-day symptom and exposure questions shared by the domestic and employee forms. */
const health14Fields: Record<string, string> = {
  symptoms: 'Trong vòng 14 ngày qua, Anh/Chị có thấy xuất hiện dấu hiệu nào sau đây không?',
  shortnessOfBreath: 'Khó thở',
  pneumonia: 'Viêm phổi',
  fatigue: 'Mệt mỏi',
  exposure: 'Trong vòng 14 ngày qua, Anh/Chị có tiếp xúc với?',
  confirmedOrSuspectedCase: 'Người bệnh hoặc nghi ngờ, mắc bệnh COVID-19',
  personFromAffectedCountry: 'Người từ nước có bệnh COVID-19',
  personWithSymptoms: 'Người có biểu hiện (Sốt, ho, khó thở, viêm phổi)',
};

/** Vietnamese labels specific to the domestic form. */
export const viDomesticLabels: LocaleLabels = {
  groups: {
    personal: 'Thông tin cá nhân',
    contact: 'Địa chỉ và liên lạc',
    travel: 'Đi lại',
    health: 'Sức khỏe',
    vaccination: 'Tiêm chủng',
  },
  titles: {
    domestic: 'Tờ khai y tế',
  },
  notices: {
    domestic:
      'Thông tin này giúp cơ quan y tế liên hệ khi cần thiết. Khuyến cáo: Khai báo thông tin sai là vi phạm pháp luật Việt Nam và có thể xử lý hình sự',
  },
  fields: {
    ...health14Fields,
    socialInsuranceNumber: 'Mã số BHXH / thẻ BHYT',
    travelled: 'Trong vòng 14 ngày qua, Anh/Chị có đến tỉnh/thành phố, quốc gia/vùng lãnh thổ nào (Có thể đi qua nhiều nơi)',
    travel: 'Nơi đã đến',
    kind: 'Loại nơi đến',
    underlyingConditions: 'Hiện tại Anh/Chị có các bệnh nào dưới đây',
    chronicLiverDisease: 'Bệnh gan mãn tính',
    chronicBloodDisease: 'Bệnh máu mãn tính',
    chronicLungDisease: 'Bệnh phổi mãn tính',
    chronicKidneyDisease: 'Bệnh thận mãn tính',
    cardiovascularDisease: 'Bệnh tim mạch',
    hypertension: 'Huyết áp cao',
    immunodeficiency: 'Suy giảm miễn dịch',
    transplantRecipient: 'Người nhận ghép tạng, Tủy xương',
    diabetes: 'Tiểu đường',
    cancer: 'Ung thư',
    vaccinations: 'Các mũi vắc-xin đã tiêm',
    vaccine: 'Tên vắc-xin',
    'vaccinations.date': 'Ngày tiêm',
  },
  options: {
    'travelKind.province': 'Tỉnh/thành phố',
    'travelKind.country': 'Quốc gia/vùng lãnh thổ',
  },
};

/** Vietnamese labels specific to the entry form. */
export const viEntryLabels: LocaleLabels = {
  groups: {
    personal: 'Thông tin cá nhân',
    trip: 'Chuyến đi',
    contact: 'Địa chỉ và liên lạc',
    health: 'Sức khỏe',
    vaccination: 'Tiêm chủng',
    test: 'Xét nghiệm',
    quarantine: 'Cách ly',
  },
  messages: {
    'declaration/invalid-base64': ({ field }) => `Không đọc được tệp ở mục ${q(field)} (cần mã hóa base64).`,
    'declaration/date-order': () => 'Ngày nhập cảnh không thể trước ngày khởi hành.',
    'declaration/quarantine-details-required': () => 'Vui lòng ghi rõ nơi cách ly.',
    'declaration/other-travel-mode-required': () =>
      'Chỉ ghi rõ phương tiện khác khi chọn “Khác” ở mục thông tin đi lại, và khi đó phải ghi.',
  },
  titles: {
    entry: 'Tờ khai y tế đối với người nhập cảnh',
  },
  notices: {
    entry: 'Khuyến cáo: Khai báo thông tin sai là vi phạm pháp luật Việt Nam và có thể xử lý hình sự',
  },
  fields: {
    'entry:fullName': 'Họ tên',
    'entry:symptoms':
      'Trong vòng 21 ngày (tính đến thời điểm làm thủ tục xuất cảnh, nhập cảnh, quá cảnh) Anh/chị có thấy xuất hiện dấu hiệu nào sau đây',
    'entry:exposure': 'Lịch sử phơi nhiễm: Trong vòng 21 ngày qua, Anh/Chị có',
    breathingDifficulty: 'Khó thở',
    vomitingOrNausea: 'Nôn / Buồn nôn',
    diarrhoea: 'Tiêu chảy',
    skinHaemorrhage: 'Xuất huyết ngoài da',
    rash: 'Nổi ban ngoài da',
    animalContact: 'Đến trang trại chăn nuôi / chợ buôn bán động vật sống / cơ sở giết mổ động vật / tiếp xúc động vật',
    closeContactWithCase: 'Tiếp xúc gần (< 2m) với người mắc bệnh viêm đường hô hấp do nCOV',
    portraitPhotoBase64: 'Ảnh chân dung',
    borderGate: 'Cửa khẩu',
    passportNumber: 'Số hộ chiếu hoặc giấy thông hành hợp pháp khác',
    travelModes: 'Thông tin đi lại',
    otherTravelMode: 'Khác (Ghi rõ)',
    vehicleNumber: 'Số hiệu phương tiện',
    seatNumber: 'Số ghế',
    departureDate: 'Ngày khởi hành',
    entryDate: 'Ngày nhập cảnh',
    departure: 'Địa điểm khởi hành (tỉnh/ quốc gia)',
    province: 'Tỉnh/bang',
    destination: 'Địa điểm nơi đến',
    countriesVisited: 'Trong vòng 21 ngày qua, anh/chị đã đến quốc gia/vùng lãnh thổ nào ?',
    contactAddress: 'Địa chỉ liên lạc tại Việt Nam',
    'contactAddress.street': 'Địa chỉ nơi ở',
    postQuarantineAddress: 'Địa chỉ lưu trú sau cách ly',
    'postQuarantineAddress.street': 'Địa chỉ nơi ở',
    vaccines: 'Danh sách vắc-xin hoặc sinh phẩm được sử dụng',
    testResult: 'Phiếu kết quả xét nghiệm',
    result: 'Kết quả xét nghiệm',
    testDate: 'Ngày xét nghiệm',
    fileBase64: 'Tệp phiếu kết quả xét nghiệm',
    quarantine: 'Cách ly',
    choice: 'Chọn cơ sở cách ly',
    details: 'Ghi rõ nơi cách ly',
  },
  options: {
    'borderGate.cam-ranh': 'Cam Ranh',
    'borderGate.can-tho': 'Cần Thơ',
    'borderGate.cat-bi': 'Cát Bi',
    'borderGate.noi-bai': 'Nội Bài',
    'borderGate.phu-bai': 'Phú Bài',
    'borderGate.phu-cat': 'Phù Cát',
    'borderGate.phu-quoc': 'Phú Quốc',
    'borderGate.tan-son-nhat': 'Tân Sơn Nhất',
    'borderGate.van-don': 'Vân Đồn',
    'borderGate.vinh': 'Vinh',
    'borderGate.da-nang': 'Đà Nẵng',
    'travelMode.plane': 'Máy bay',
    'travelMode.ship': 'Tàu thuyền',
    'travelMode.car': 'Ô tô',
    'travelMode.other': 'Khác',
    'testResult.negative': 'Âm tính',
    'testResult.positive': 'Dương tính',
    'quarantine.centralised': 'Cơ sở cách ly tập trung',
    'quarantine.self-selected': 'Cơ sở cách ly tự chọn',
    'quarantine.other': 'Khác',
  },
};

/** Vietnamese labels specific to the daily form. */
export const viDailyLabels: LocaleLabels = {
  groups: { health: 'Sức khỏe' },
  messages: {
    'declaration/healthy-with-symptoms': () => 'Không thể vừa chọn “Khỏe mạnh” vừa chọn một triệu chứng.',
  },
  titles: {
    daily: 'Khai báo y tế hằng ngày',
  },
  fields: {
    states: 'Tình trạng sức khỏe hôm nay',
  },
  options: {
    'dailyState.fever': 'Sốt',
    'dailyState.cough': 'Ho',
    'dailyState.dyspnoea': 'Khó thở',
    'dailyState.bodyPainFatigue': 'Đau người, mệt mỏi',
    'dailyState.healthy': 'Khỏe mạnh',
  },
};

/** Vietnamese labels specific to the movement form. */
export const viMovementLabels: LocaleLabels = {
  groups: { personal: 'Thông tin cá nhân', contact: 'Địa chỉ và liên lạc', journey: 'Hành trình' },
  titles: {
    movement: 'Khai báo di chuyển nội địa',
  },
  fields: {
    'movement:fullName': 'Họ tên',
    'movement:destination': 'Nơi đến',
    travelDate: 'Ngày đi',
    origin: 'Nơi đi',
    detail: 'Địa chỉ chi tiết',
    destination: 'Địa điểm nơi đến',
  },
  options: {},
};

/** Vietnamese labels specific to the checkin form. */
export const viCheckinLabels: LocaleLabels = {
  groups: { venue: 'Địa điểm' },
  messages: {
    'declaration/invalid-date-time': ({ field }) =>
      `Mục ${q(field)} phải là thời điểm theo chuẩn ISO 8601 kèm múi giờ, ví dụ 2021-05-31T08:30:00+07:00.`,
    'declaration/invalid-venue-id': () => 'Mã địa điểm không hợp lệ.',
  },
  titles: {
    checkin: 'Khai báo khi đến địa điểm',
  },
  fields: {
    venueId: 'Mã địa điểm',
    qrText: 'Nội dung mã QR',
    scannedAt: 'Thời điểm quét mã',
    direction: 'Vào / ra',
  },
  options: {
    'direction.in': 'Vào',
    'direction.out': 'Ra',
  },
};

/** Vietnamese labels specific to the employee form. */
export const viEmployeeLabels: LocaleLabels = {
  groups: { work: 'Nơi làm việc', health: 'Sức khỏe' },
  titles: {
    employee: 'Khai báo sức khỏe hằng ngày của người lao động',
  },
  fields: {
    ...health14Fields,
    'employee:symptoms': 'Hôm nay Anh/Chị có thấy xuất hiện dấu hiệu nào sau đây không?',
    employeeId: 'Mã nhân viên',
    department: 'Bộ phận làm việc',
    employer: 'Đơn vị công tác',
  },
  options: {},
};

/**
 * The Vietnamese messages and the labels every form shares (titles, group headings and the other
 * labels come with each form's labels); combine it with
 * per-form labels using `withLabels` (or use `vi`, which has them all).
 *
 * @example
 * ```ts
 * import { vi } from '@healthtrace/declaration/locales/vi';
 * const result = safeParseDeclaration(domesticDeclarationSchema, input, { locale: vi });
 * ```
 */
export const viBase: DeclarationLocale = {
  lang: 'vi',
  titles: {},
  notices: {},
  groups: {},
  fields: {
    '': 'Tờ khai',
    declarationDate: 'Ngày khai báo',
    date: 'Ngày',
    fullName: 'Họ tên (ghi chữ IN HOA)',
    idNumber: 'Số hộ chiếu / CMND / CCCD',
    birthYear: 'Năm sinh',
    dateOfBirth: 'Ngày tháng năm sinh',
    sex: 'Giới tính',
    nationality: 'Quốc tịch',
    address: 'Địa chỉ hiện tại',
    provinceCode: 'Tỉnh/thành',
    districtCode: 'Quận/huyện',
    wardCode: 'Phường/xã',
    street: 'Số nhà, phố, tổ dân phố/thôn/đội',
    phone: 'Điện thoại',
    email: 'Email',
    countryCode: 'Quốc gia/vùng lãnh thổ',
    fever: 'Sốt',
    cough: 'Ho',
    soreThroat: 'Đau họng',
  },
  options: {
    'sex.male': 'Nam',
    'sex.female': 'Nữ',
    'sex.other': 'Khác',
    'yesNo.true': 'Có',
    'yesNo.false': 'Không',
  },
  messages: {
    'declaration/required': ({ field }) => `Vui lòng điền mục ${q(field)}.`,
    'declaration/invalid-type': ({ field }) => `Giá trị của mục ${q(field)} không đúng kiểu dữ liệu.`,
    'declaration/unknown-field': ({ key }) => `Tờ khai không có mục ${q(key ?? '')}.`,
    'declaration/too-short': ({ field, min }) => `Mục ${q(field)} cần ít nhất ${min} ký tự.`,
    'declaration/too-long': ({ field, max }) => `Mục ${q(field)} không được dài quá ${max} ký tự.`,
    'declaration/too-few': ({ field, min }) => `Mục ${q(field)} cần ít nhất ${min} lựa chọn.`,
    'declaration/too-many': ({ field, max }) => `Mục ${q(field)} chỉ được có tối đa ${max} lựa chọn.`,
    'declaration/too-small': ({ field, min }) => `Mục ${q(field)} không được nhỏ hơn ${min}.`,
    'declaration/too-large': ({ field, max }) => `Mục ${q(field)} không được lớn hơn ${max}.`,
    'declaration/invalid-option': ({ field }) => `Vui lòng chọn một giá trị trong danh sách cho mục ${q(field)}.`,
    'declaration/invalid-format': ({ field }) => `Mục ${q(field)} không đúng định dạng.`,
    'declaration/invalid': ({ field }) => `Mục ${q(field)} không hợp lệ.`,
    'declaration/unreadable-input': () => 'Không đọc được dữ liệu tờ khai.',
    'declaration/invalid-province-code': () => 'Mã tỉnh/thành phải gồm 2 chữ số.',
    'declaration/invalid-district-code': () => 'Mã quận/huyện phải gồm 3 chữ số.',
    'declaration/unknown-admin-unit': ({ field }) => `Không có ${q(field)} nào mang mã này vào ngày khai báo.`,
    'declaration/invalid-ward-code': () => 'Mã phường/xã phải gồm 5 chữ số.',
    'declaration/invalid-country-code': () => 'Mã quốc gia phải gồm 2 chữ cái in hoa theo ISO 3166-1, ví dụ VN.',
    'declaration/invalid-phone': () => 'Số điện thoại không hợp lệ.',
    'declaration/invalid-id-number': () => 'Số CMND/CCCD/hộ chiếu không hợp lệ.',
    'declaration/invalid-name': ({ field }) => `Mục ${q(field)} chỉ được gồm chữ cái, dấu cách, dấu nháy đơn, gạch nối và dấu chấm.`,
    'declaration/invalid-email': () => 'Địa chỉ email không hợp lệ.',
    'declaration/invalid-date': ({ field }) => `Mục ${q(field)} phải là một ngày có thật, viết theo dạng năm-tháng-ngày, ví dụ 2021-05-31.`,
    'declaration/invalid-year': () => 'Năm sinh phải là một năm từ 1900 đến 2100.',
    'declaration/travel-list-required': () => 'Vui lòng ghi các tỉnh/thành phố, quốc gia/vùng lãnh thổ Anh/Chị đã đến.',
    'declaration/travel-list-unexpected': () => 'Anh/Chị đã trả lời không đi đâu nên không cần ghi nơi đã đến.',
    'declaration/place-code-mismatch': () => 'Với tỉnh/thành phố, hãy ghi mã tỉnh; với quốc gia/vùng lãnh thổ, hãy ghi mã quốc gia.',
    'declaration/birth-year-mismatch': () => 'Ngày sinh không khớp với năm sinh.',
    'declaration/duplicate-item': ({ field }) => `Mục ${q(field)} bị ghi trùng.`,
  },
};

/**
 * The Vietnamese locale for the domestic form only: what a page rendering that one form needs.
 *
 * @example
 * ```ts
 * safeParseDeclaration(domesticDeclarationSchema, input, { form: 'domestic', locale: viDomestic });
 * ```
 */
export const viDomestic: DeclarationLocale = /* @__PURE__ */ (() => withLabels(viBase, viDomesticLabels))();

/**
 * The complete Vietnamese locale: every form's labels.
 *
 * @example
 * ```ts
 * import { vi } from '@healthtrace/declaration/locales/vi';
 * const result = validateDeclaration('entry', input, { locale: vi });
 * ```
 */
export const vi: DeclarationLocale = /* @__PURE__ */ (() =>
  withLabels(viBase, viDomesticLabels, viEntryLabels, viDailyLabels, viMovementLabels, viCheckinLabels, viEmployeeLabels))();
