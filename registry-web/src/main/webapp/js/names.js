// What a name may be, as the registry's rules say (chat-protocol Credentials and RoomRules, and
// Limits for the lengths): checked here before anything is sent or stored under a name.

/** A username: 3 to 32 letters, digits, ".", "_" or "-", starting with a letter or digit. */
export const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/;
/** A room's name: 2 to 32 of the same characters. */
export const ROOM_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$/;
/** A message's id (Limits.MESSAGE_ID_PATTERN): made by its sender, the same in every copy. */
export const MESSAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;
