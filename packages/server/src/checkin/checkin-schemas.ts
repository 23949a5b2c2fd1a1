import { z } from 'zod';
import { postureReportSchema } from '@verity/core';
import { idSchema } from '../shared/wire.js';

export const checkinBody = z.object({
  report: postureReportSchema,
  commandResults: z.array(z.object({
    commandId: idSchema,
    status: z.enum(['succeeded', 'failed']),
    detail: z.string().max(2048).optional(),
  }).strict()).max(100).default([]),
}).strict();

export const renewBody = z.object({ csr: z.string().min(100).max(16_384) }).strict();
