/** Widget bundle entry (built to /widget.js as one IIFE): registers `<meridian-chat>`. */
import { defineMeridianChat, MeridianChat } from './meridian-chat.ts';

defineMeridianChat();
export { MeridianChat };
