// The contract between the embedded sandbox (a mock WeChat with a demo shop) and the
// local web page that lets a person act as any resident or the owner.

export interface SandboxPerson {
  id: string;
  name: string;
  isOwner: boolean;
}

export interface SandboxGroup {
  id: string;
  name: string;
  memberIds: string[];
}

/** One message as it appeared in a chat, residents' and the bot's alike. */
export interface TimelineEntry {
  seq: number;
  /** Epoch ms on the sandbox clock. */
  at: number;
  /** A group id, or `dm:<personId>` for the DM between that person and the bot. */
  chat: string;
  fromId: string;
  fromName: string;
  text: string;
  fromBot: boolean;
}

export interface SandboxDriver {
  botName(): string;
  people(): SandboxPerson[];
  groups(): SandboxGroup[];
  /**
   * A person types into a group (groupId) or into their DM with the bot (groupId null).
   * `messageId`: the id the message (and so its event) gets, when it was journaled under one.
   */
  say(fromId: string, groupId: string | null, text: string, messageId?: string): Promise<void>;
  /** Everything said so far, oldest first. */
  timeline(): TimelineEntry[];
  /** Called for every new timeline entry; returns an unsubscribe function. */
  onEntry(listener: (entry: TimelineEntry) => void): () => void;
  /** The sandbox clock (epoch ms). */
  now(): number;
  /** Moves the sandbox clock forward, running everything that comes due on the way. */
  advance(ms: number): Promise<void>;
}
