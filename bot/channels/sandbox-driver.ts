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

/** A file shown in a chat (the pick list the bot sent, a photo): fetched by its id, never a path. */
export interface TimelineFile {
  id: string;
  name: string;
  bytes: number;
  /** A picture the page shows inline (PNG, JPEG, GIF, WebP). */
  image: boolean;
}

/** A link or mini-program card shown in a chat. */
export interface TimelineCard {
  type: 'link' | 'miniprogram';
  title: string;
  url?: string;
  description?: string;
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
  /** What a chat list previews: the words, or `[链接] title`, `[图片]`, `[文件] name`. */
  text: string;
  fromBot: boolean;
  /** The message's id on the (mock) platform; absent for a notice (someone joined or left). */
  messageId?: string;
  file?: TimelineFile;
  card?: TimelineCard;
}

/** What a person can post besides text, as WeChat would deliver it: a card, or a photo. */
export type SandboxPost =
  | { kind: 'link'; title: string; url: string; description?: string }
  | { kind: 'miniprogram'; title: string; description?: string }
  /** `file`: the id `keepPhoto` gave the picture. */
  | { kind: 'photo'; file: string };

/** A file's bytes and what to call it, for a download. */
export interface SandboxFileContent {
  name: string;
  bytes: Buffer;
  image: boolean;
}

/** Who is invited: someone the sandbox knows, or a new person by name. */
export type Invitee = { id: string } | { name: string };

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

  // What the page does beyond typing. The embedded sandbox has them all; a driver without one
  // (a test's fake) makes the page's route answer that it cannot.

  /** Posts a card or a photo, as `say` does text (`messageId` likewise). */
  post?(fromId: string, groupId: string | null, post: SandboxPost, messageId?: string): Promise<void>;
  /** Keeps a picture for a photo post; returns its file id. */
  keepPhoto?(bytes: Buffer, type: 'jpeg' | 'png'): string;
  /** `inviterId` brings someone into a group (a new person by name is created first): a real join. */
  invite?(groupId: string, inviterId: string, who: Invitee): Promise<SandboxPerson>;
  /** A file the timeline shows, by its id; undefined for any other id. */
  file?(id: string): SandboxFileContent | undefined;
}
