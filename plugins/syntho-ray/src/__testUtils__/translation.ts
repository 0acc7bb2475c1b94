import type { TranslationApi } from '@backstage/frontend-plugin-api';
import { mockApis } from '@backstage/frontend-test-utils';
import { synthoRayTranslationRef } from '../translation';

/** Backstage's default texts, but this plugin's messages show as their keys: «card.title». */
export function pluginMessagesAsKeys(): TranslationApi {
  const defaults = mockApis.translation();
  return {
    getTranslation: ref =>
      ref.id === synthoRayTranslationRef.id
        ? { ready: true, t: ((key: string) => `«${key}»`) as any }
        : defaults.getTranslation(ref),
    translation$: ref => defaults.translation$(ref),
  };
}
