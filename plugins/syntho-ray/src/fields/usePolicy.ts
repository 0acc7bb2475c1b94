import { configApiRef, useApi } from '@backstage/core-plugin-api';
import {
  parsePolicy,
  SynthoRayPolicy,
} from '@syntho-ray/plugin-syntho-ray-common';
import { useMemo } from 'react';

/** The platform policy as far as the browser sees it (`synthoRay` keys marked for the frontend). */
export function usePolicy(): SynthoRayPolicy {
  const config = useApi(configApiRef);
  return useMemo(() => parsePolicy(config.getOptional('synthoRay')), [config]);
}
