export { startServer, type RunningServer, type StartServerOptions } from './start-server.js';
export { createApp, type AppContext } from './create-app.js';
export { ChatConnection, type ChatConnectionContext } from './chat-connection.js';
export { SessionStore, type Session, type SessionStoreOptions } from './session-store.js';
export { toErrorPayload, type ErrorPayload } from './to-error-payload.js';
export { toChatResponse, type ChatResponse } from './to-chat-response.js';
export { clientMessageSchema, chatRequestSchema, searchQuerySchema, type ServerMessage, type ClientMessage } from './protocol.js';
export { isOriginAllowed } from './is-origin-allowed.js';
export { validateQuestion } from './validate-question.js';
