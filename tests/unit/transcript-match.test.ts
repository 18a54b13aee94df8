// The transcript matcher: what counts as a hit for the search in main and the highlight in the page.
import { describe, expect, it } from 'vitest'
import {
  findMatches,
  holdsEveryTerm,
  joinPlainTurns,
  parseTranscriptQuery,
  pieces,
  plainText,
  snippetAround,
  type TranscriptQuery,
} from '../../shared/transcript-match'

const query = (text: string) => parseTranscriptQuery(text) as TranscriptQuery
const hitTexts = (text: string, words: string) => findMatches(text, query(words)).map(([a, b]) => text.slice(a, b))

describe('the plain form', () => {
  it('drops spaces, punctuation and symbols, folds full width and Latin case', () => {
    expect(plainText('好的，谢谢！')).toBe('好的谢谢')
    expect(plainText('ＶＩＰ 会员 ５０００元')).toBe('vip会员5000元')
    expect(plainText('“额度”…… ~ 提升')).toBe('额度提升')
  })
})

describe('reading the typed words', () => {
  it('splits on spaces, keeps each word once, and drops a word inside another', () => {
    expect(parseTranscriptQuery('信用卡  额度')).toEqual({ terms: ['信用卡', '额度'] })
    expect(parseTranscriptQuery('额度 额度')).toEqual({ terms: ['额度'] })
    expect(parseTranscriptQuery('信用 信用卡')).toEqual({ terms: ['信用卡'] })
    expect(parseTranscriptQuery('VIP vip')).toEqual({ terms: ['vip'] })
  })

  it('has nothing to look for in spaces or punctuation alone', () => {
    expect(parseTranscriptQuery('')).toBeNull()
    expect(parseTranscriptQuery('  ，。？ ')).toBeNull()
    expect(parseTranscriptQuery(undefined)).toBeNull()
  })
})

describe('a transcript holding the words', () => {
  const turns = ['您好，这里是信用卡中心。', '嗯，什么事？', '您的额度可以提升到五万。']
  const joined = joinPlainTurns(turns)

  it('needs every word, each anywhere in the transcript', () => {
    expect(holdsEveryTerm(joined, query('信用卡 额度'))).toBe(true)
    expect(holdsEveryTerm(joined, query('信用卡 贷款'))).toBe(false)
  })

  it('ignores punctuation and spaces between the characters of a word', () => {
    expect(holdsEveryTerm(joined, query('中心，嗯'))).toBe(false) // not across two turns
    expect(holdsEveryTerm(joined, query('是 信用卡'))).toBe(true)
    expect(holdsEveryTerm(joinPlainTurns(['信用 卡，额度']), query('信用卡额度'))).toBe(true)
  })

  it('matches Latin letters whatever their case or width', () => {
    expect(holdsEveryTerm(joinPlainTurns(['办理ＶＩＰ业务']), query('vip'))).toBe(true)
    expect(holdsEveryTerm(joinPlainTurns(['办理vip业务']), query('VIP'))).toBe(true)
  })
})

describe('where the words are in a turn', () => {
  it('gives the spans of the original text, punctuation inside a hit included', () => {
    expect(hitTexts('您好，这里是信用卡中心', '信用卡')).toEqual(['信用卡'])
    expect(hitTexts('信用，卡中心', '信用卡')).toEqual(['信用，卡'])
    expect(hitTexts('办理ＶＩＰ业务，vip 专享', 'vip')).toEqual(['ＶＩＰ', 'vip'])
  })

  it('finds every occurrence of every word, in order, overlapping hits merged', () => {
    expect(hitTexts('额度不够，额度太低', '额度')).toEqual(['额度', '额度'])
    expect(hitTexts('提升额度', '提升 升额')).toEqual(['提升额'])
    expect(hitTexts('没有', '额度')).toEqual([])
  })

  it('keeps a letter with its accent, however it is written', () => {
    expect(hitTexts('un cafe\u0301 noir', 'café')).toEqual(['cafe\u0301'])
  })

  it('cuts the text into plain and hit pieces', () => {
    const text = '您的额度可以提升'
    expect(pieces(text, findMatches(text, query('额度 提升')))).toEqual([
      { text: '您的', hit: false },
      { text: '额度', hit: true },
      { text: '可以', hit: false },
      { text: '提升', hit: true },
    ])
  })
})

describe('the snippet under a call', () => {
  it('is the whole turn when it fits', () => {
    const text = '您的额度可以提升'
    expect(snippetAround(text, findMatches(text, query('额度')))).toEqual({ text, ranges: [[2, 4]], cutBefore: false, cutAfter: false })
  })

  it('shows a long turn around its first hit, the hit inside the line', () => {
    const text = `${'前'.repeat(60)}额度${'后'.repeat(60)}`
    const snippet = snippetAround(text, findMatches(text, query('额度')), 20)
    expect(snippet.text).toHaveLength(20)
    expect(snippet.cutBefore).toBe(true)
    expect(snippet.cutAfter).toBe(true)
    const [start, end] = snippet.ranges[0]!
    expect(snippet.text.slice(start, end)).toBe('额度')
  })

  it('ends with the turn when the hit is near its end', () => {
    const text = `${'前'.repeat(60)}额度`
    const snippet = snippetAround(text, findMatches(text, query('额度')), 20)
    expect(snippet.text.endsWith('额度')).toBe(true)
    expect(snippet.cutAfter).toBe(false)
  })
})
