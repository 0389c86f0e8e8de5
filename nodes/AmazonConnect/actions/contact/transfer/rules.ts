/**
 * The documented rules of TransferContact (API reference, "TransferContact"), as data for the form
 * and the checks.
 */

/** "Transfer to a queue or to a user… ContactFlowId: the flow… inbound flow, transfer to agent flow, or transfer to queue flow." */
export const TRANSFER_FLOW_TYPES = ['CONTACT_FLOW', 'AGENT_TRANSFER', 'QUEUE_TRANSFER'] as const;

/** "Transfer is supported for only TASK and EMAIL contacts." */
export const TRANSFERABLE_CHANNELS = ['TASK', 'EMAIL'] as const;
