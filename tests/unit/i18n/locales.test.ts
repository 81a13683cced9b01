import { describe, expect, it } from 'vitest';
import { acceptedLanguages, isLocale, pickLocale } from '@/lib/i18n/locales';

describe('pickLocale', () => {
  it('keeps a remembered choice over the browser', () => {
    expect(pickLocale('zh-CN', 'en-US,en;q=0.9')).toBe('zh-CN');
    expect(pickLocale('en', 'zh-CN,zh;q=0.9')).toBe('en');
  });

  it('ignores a remembered value that is not one of ours', () => {
    expect(pickLocale('fr', 'zh-CN')).toBe('zh-CN');
    expect(pickLocale('', undefined)).toBe('en');
  });

  it('takes the browser languages by quality, then order', () => {
    expect(pickLocale(undefined, 'fr-FR,fr;q=0.9,zh-CN;q=0.8,en;q=0.7')).toBe('zh-CN');
    expect(pickLocale(undefined, 'en;q=0.5,zh;q=0.8')).toBe('zh-CN');
    expect(pickLocale(undefined, 'zh;q=0.8,en;q=0.8')).toBe('zh-CN');
    expect(pickLocale(undefined, 'de, en-GB;q=0.3')).toBe('en');
  });

  it('reads mainland and Singapore Chinese as 简体中文, and skips the traditional scripts', () => {
    expect(pickLocale(undefined, 'zh-SG')).toBe('zh-CN');
    expect(pickLocale(undefined, 'zh-Hans-CN')).toBe('zh-CN');
    expect(pickLocale(undefined, 'zh-TW,en;q=0.5')).toBe('en');
    expect(pickLocale(undefined, 'zh-Hant')).toBe('en');
  });

  it('falls back to English for nothing we speak, q=0 and garbage', () => {
    expect(pickLocale(undefined, 'ja-JP,ko')).toBe('en');
    expect(pickLocale(undefined, 'zh-CN;q=0')).toBe('en');
    expect(pickLocale(undefined, ';;,;q=abc')).toBe('en');
    expect(pickLocale(undefined, null)).toBe('en');
  });
});

describe('acceptedLanguages', () => {
  it('orders by quality and drops *, empty and q=0', () => {
    expect(acceptedLanguages('a;q=0.1, b, c;q=0.5, *;q=0.9, d;q=0')).toEqual(['b', 'c', 'a']);
  });
});

describe('isLocale', () => {
  it('accepts exactly our two tags', () => {
    expect(['en', 'zh-CN', 'zh', 'EN', 3, undefined].map(isLocale)).toEqual([true, true, false, false, false, false]);
  });
});
