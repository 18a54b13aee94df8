// A form that follows main's values: filled by each answer, except where the reviewer typed since.
import { nextTick, reactive, ref } from 'vue'
import { describe, expect, it } from 'vitest'
import { followMain } from '../../renderer/src/form-follows'

describe('followMain', () => {
  it('fills the form from main, now and at each later answer', async () => {
    const main = ref<{ name: string; seconds: number } | null>({ name: '张三', seconds: 15 })
    const form = reactive({ name: '', seconds: 0, password: '' })
    followMain(form, () => main.value)
    expect(form).toEqual({ name: '张三', seconds: 15, password: '' })
    main.value = { name: '李四', seconds: 20 }
    await nextTick()
    expect(form).toEqual({ name: '李四', seconds: 20, password: '' })
  })

  it('keeps a field typed in since, and fills the others', async () => {
    const main = ref({ name: '张三', seconds: 15 })
    const form = reactive({ name: '', seconds: 0 })
    followMain(form, () => main.value)
    form.name = '王五'
    main.value = { name: '李四', seconds: 20 }
    await nextTick()
    expect(form).toEqual({ name: '王五', seconds: 20 })
  })

  it('after sending, takes main’s answer for what was sent, but not for typing after the send', async () => {
    const main = ref({ name: '张三', proxy: '' })
    const form = reactive({ name: '', proxy: '' })
    const following = followMain(form, () => main.value)
    form.name = '王五'
    form.proxy = 'http://u:p@host:1'
    following.sent()
    form.name = '赵六'
    // Main answers with the proxy as it shows it, and the name as sent.
    main.value = { name: '王五', proxy: 'http://***@host:1' }
    await nextTick()
    expect(form).toEqual({ name: '赵六', proxy: 'http://***@host:1' })
  })

  it('leaves the form alone while main’s value is unknown', async () => {
    const main = ref<{ name: string } | null>(null)
    const form = reactive({ name: 'typed' })
    followMain(form, () => main.value)
    await nextTick()
    expect(form.name).toBe('typed')
  })
})
