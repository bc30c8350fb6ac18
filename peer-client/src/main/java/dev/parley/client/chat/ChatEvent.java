package dev.parley.client.chat;

/**
 * Something in the conversations or rooms the user should hear about: a request answered, a
 * message sent, stored, delivered or arrived, a member come or gone. The model only says what
 * happened; {@code render.ChatNotices} decides the words and puts them on the screen.
 */
public sealed interface ChatEvent permits ConversationEvent, RoomEvent {
}
