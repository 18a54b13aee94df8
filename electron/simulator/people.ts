// Made-up customers: Chinese names, mobile numbers, and the custom properties a tenant uploads
// with its customer lists.
import type { Gender } from '../../shared/enums'
import type { Rng } from './random'
import type { ScriptKind } from './script-library'

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈']
const MALE_GIVEN = ['伟', '强', '磊', '军', '洋', '勇', '杰', '涛', '明', '超', '斌', '浩', '鹏', '宇', '建国', '志强', '俊杰', '子轩', '海涛', '文博']
const FEMALE_GIVEN = ['芳', '娟', '敏', '静', '丽', '艳', '婷', '雪', '慧', '颖', '秀英', '晓燕', '雨欣', '梦琪', '佳怡', '桂英', '丹丹', '思雨']
const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157', '158',
  '159', '166', '173', '175', '176', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '198', '199',
]
const CITIES = ['杭州', '宁波', '绍兴', '嘉兴', '湖州', '上海', '苏州']

export function personName(gender: Gender, rng: Rng): string {
  const pool = gender === 'MALE' ? MALE_GIVEN : gender === 'FEMALE' ? FEMALE_GIVEN : rng.pick([MALE_GIVEN, FEMALE_GIVEN])
  return rng.pick(SURNAMES) + rng.pick(pool)
}

/** An 11-digit mobile number 1[3-9]x xxxx xxxx not yet in `taken`. */
export function mobileNumber(rng: Rng, taken: Set<string>): string {
  for (;;) {
    let number = rng.pick(MOBILE_PREFIXES)
    for (let i = 0; i < 8; i++) number += String(rng.int(0, 9))
    if (!taken.has(number)) {
      taken.add(number)
      return number
    }
  }
}

/** 48000 → '48,000' (toLocaleString is slow on first use, and this runs at app start). */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',')
}

export function customerProperties(kind: ScriptKind, rng: Rng): Record<string, string> {
  if (kind === 'sales') {
    return {
      来源: rng.pick(['官网', '抖音', '老客户转介绍', '房产展会', '安居客']),
      城市: rng.pick(CITIES),
      预算: rng.pick(['150万以下', '150-250万', '250-400万', '400万以上']),
    }
  }
  if (kind === 'notice') {
    return {
      卡号尾号: String(rng.int(1000, 9999)),
      账单金额: `${thousands(rng.int(300, 48000))}.${String(rng.int(0, 99)).padStart(2, '0')}`,
      城市: rng.pick(CITIES),
    }
  }
  return {
    套餐: rng.pick(['300M宽带', '500M宽带', '1000M宽带+IPTV']),
    安装师傅: rng.pick(['周师傅', '陈师傅', '吴师傅', '钱师傅']),
    城市: rng.pick(CITIES),
  }
}
