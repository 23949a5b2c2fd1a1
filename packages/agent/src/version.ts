/** The agent's version, reported in every posture report and User-Agent. */
export const AGENT_VERSION = '0.1.0';
