import { webhookEndpointViewSchema } from '@switchboard/core';
import { z } from 'zod';
import { workspaceInput } from '../../init';

export const listWebhookEndpointsInput = workspaceInput;
export const listWebhookEndpointsOutput = z.array(webhookEndpointViewSchema);
