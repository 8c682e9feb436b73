/**
 * Who lives in the town: a name, a citizen id, a 2025 ward and a phone number for every agent of the simulated
 * population, drawn from the run's seed (the same seed gives the same town).
 */
import { hashInts } from '@healthtrace/sim';
import { wardsOfProvince2025 } from '@healthtrace/vn-admin/wards-2025';

/** A resident's identity, as they type it in a declaration. */
export interface Resident {
  /** Agent id in the simulation. */
  agent: number;
  /** Full name (upper case, as on the citizen id card). */
  fullName: string;
  /** 12-digit citizen id (CCCD): birth province 001, century/sex digit, year, serial. */
  idNumber: string;
  /** Year of birth. */
  birthYear: number;
  /** Sex. */
  sex: 'male' | 'female';
  /** 2025 province code. */
  provinceCode: string;
  /** 2025 ward code. */
  wardCode: string;
  /** Street address. */
  street: string;
  /** Mobile number (E.164). */
  phone: string;
}

const FAMILY = ['NGUYỄN', 'TRẦN', 'LÊ', 'PHẠM', 'HOÀNG', 'HUỲNH', 'PHAN', 'VŨ', 'VÕ', 'ĐẶNG', 'BÙI', 'ĐỖ'];
const MIDDLE = ['VĂN', 'THỊ', 'HỮU', 'ĐỨC', 'MINH', 'NGỌC', 'THU', 'QUANG'];
const GIVEN = ['AN', 'BÌNH', 'CƯỜNG', 'DŨNG', 'GIANG', 'HÀ', 'HẢI', 'HOA', 'HÙNG', 'LAN', 'LINH', 'MAI', 'NAM', 'PHÚC', 'QUÂN', 'TÂM'];
const STREETS = ['Phố Huế', 'Hàng Bài', 'Lò Đúc', 'Kim Mã', 'Láng Hạ', 'Trần Phú', 'Lê Lợi', 'Nguyễn Trãi'];

/** The town straddles three provinces (share of residents): Hà Nội, Bắc Ninh, TP Hồ Chí Minh. */
export const TOWN_PROVINCES: readonly { code: string; share: number }[] = [
  { code: '01', share: 0.6 },
  { code: '24', share: 0.25 },
  { code: '79', share: 0.15 },
];

/**
 * The residents of a population.
 *
 * @param agents - population size.
 * @param ages - age group per agent (0 = child … 4 = elderly), to draw a plausible birth year.
 * @param seed - run seed.
 * @param year - the current year.
 * @returns one resident per agent.
 */
export function makeResidents(agents: number, ages: Uint8Array, seed: number, year: number): Resident[] {
  const wards = new Map(TOWN_PROVINCES.map((p) => [p.code, wardsOfProvince2025(p.code).slice(0, 12)]));
  const out: Resident[] = [];
  for (let agent = 0; agent < agents; agent++) {
    const h = (k: number): number => hashInts(seed, 0x70776e, agent, k);
    const u = (h(0) % 10_000) / 10_000;
    let acc = 0;
    let provinceCode = TOWN_PROVINCES[0]!.code;
    for (const p of TOWN_PROVINCES) {
      acc += p.share;
      if (u < acc) {
        provinceCode = p.code;
        break;
      }
    }
    const list = wards.get(provinceCode)!;
    const ward = list[h(1) % list.length]!;
    const sex = h(2) % 2 === 0 ? 'male' : 'female';
    const age = [8, 25, 40, 58, 75][ages[agent] ?? 2]! + (h(3) % 10);
    const birthYear = year - age;
    const centurySex = (birthYear >= 2000 ? 2 : 0) + (sex === 'female' ? 1 : 0);
    const serial = String(h(4) % 1_000_000).padStart(6, '0');
    const middle = sex === 'female' ? 'THỊ' : MIDDLE[h(5) % MIDDLE.length]!;
    out.push({
      agent,
      fullName: `${FAMILY[h(6) % FAMILY.length]} ${middle} ${GIVEN[h(7) % GIVEN.length]}`,
      idNumber: `001${centurySex}${String(birthYear % 100).padStart(2, '0')}${serial}`,
      birthYear,
      sex,
      provinceCode,
      wardCode: ward.code,
      street: `Số ${1 + (h(8) % 200)} ${STREETS[h(9) % STREETS.length]}`,
      phone: `+8491${String(h(10) % 10_000_000).padStart(7, '0')}`,
    });
  }
  return out;
}
