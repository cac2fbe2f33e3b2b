/**
 * Widget styles, scoped by the shadow root. Themeable from the host page through CSS custom
 * properties set on the `meridian-chat` element (they inherit into the shadow tree):
 *   --meridian-accent, --meridian-accent-fg, --meridian-bg, --meridian-fg, --meridian-muted,
 *   --meridian-border, --meridian-card-bg, --meridian-font, --meridian-radius, --meridian-height
 */
export const WIDGET_CSS = `
:host{display:block;box-sizing:border-box;max-width:100%;font-family:var(--meridian-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);color:var(--meridian-fg,#1b2430);font-size:15px;line-height:1.45}
*,*::before,*::after{box-sizing:inherit}
[hidden]{display:none!important}
.frame{display:flex;flex-direction:column;height:var(--meridian-height,560px);min-width:0;background:var(--meridian-bg,#fff);border:1px solid var(--meridian-border,#d5dbe3);border-radius:var(--meridian-radius,12px);overflow:hidden}
header{display:flex;align-items:center;gap:8px;flex-wrap:wrap;padding:10px 14px;background:var(--meridian-accent,#0b5cad);color:var(--meridian-accent-fg,#fff)}
header h2{font-size:16px;margin:0;font-weight:600;flex:1 0 auto;max-width:100%}
.badge{display:inline-block;font-size:12px;font-weight:600;padding:2px 8px;border-radius:999px;background:#fff4cc;color:#5c4400;border:1px solid #e0c060}
.log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:10px}
.msg{max-width:92%;padding:8px 12px;border-radius:var(--meridian-radius,12px);overflow-wrap:anywhere}
.user{align-self:flex-end;background:var(--meridian-accent,#0b5cad);color:var(--meridian-accent-fg,#fff);white-space:pre-wrap}
.assistant{align-self:flex-start;background:var(--meridian-card-bg,#f3f6f9);border:1px solid var(--meridian-border,#d5dbe3)}
.assistant p{margin:0 0 6px;white-space:pre-wrap}.assistant p:last-child{margin-bottom:0}
.assistant ul,.assistant ol{margin:4px 0 6px;padding-left:20px}
.assistant code{font-family:ui-monospace,monospace;background:#0000000d;padding:0 3px;border-radius:3px}
.typing{display:inline-flex;gap:4px;align-items:center;padding:4px 0}
.typing .dot{width:7px;height:7px;border-radius:50%;background:var(--meridian-muted,#5b6673);animation:mc-blink 1.2s infinite ease-in-out}
.typing .dot:nth-child(2){animation-delay:.2s}.typing .dot:nth-child(3){animation-delay:.4s}
@keyframes mc-blink{0%,80%,100%{opacity:.25}40%{opacity:1}}
@media (prefers-reduced-motion:reduce){.typing .dot{animation:none;opacity:.6}}
.part{display:grid;gap:8px}
.cards{display:grid;gap:8px;margin-top:8px}
.card{background:var(--meridian-bg,#fff);border:1px solid var(--meridian-border,#d5dbe3);border-left:4px solid var(--meridian-accent,#0b5cad);border-radius:8px;padding:8px 10px}
.card h3{font-size:14px;margin:0 0 4px}
.card dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:2px 8px;font-size:13px}
.card dt{font-weight:600}.card dd{margin:0}
.clients{margin:0;padding-left:20px;font-size:13px}
.excluded{font-size:13px;color:var(--meridian-muted,#5b6673)}.excluded summary{cursor:pointer}.excluded ul{margin:4px 0;padding-left:18px}
.disclaimer{font-size:12px;color:var(--meridian-muted,#5b6673);margin:6px 0 0;font-style:italic}
.meta{display:flex;align-items:center;gap:6px;flex-wrap:wrap;margin-top:6px;font-size:12px;color:var(--meridian-muted,#5b6673)}
.meta .spacer{flex:1}
.fb{border:1px solid var(--meridian-border,#d5dbe3);background:var(--meridian-bg,#fff);color:var(--meridian-fg,#1b2430);border-radius:6px;padding:3px 7px;cursor:pointer;min-height:30px;min-width:32px;display:inline-flex;align-items:center;justify-content:center}
.fb svg{width:16px;height:16px;fill:currentColor}
.fb[data-rating=down] svg{transform:rotate(180deg)}
.fb[aria-pressed=true]{background:var(--meridian-accent,#0b5cad);color:var(--meridian-accent-fg,#fff)}
.intro{align-self:stretch;color:var(--meridian-muted,#5b6673);font-size:14px;margin:0}
.fb-group{display:inline-flex;gap:6px;flex:none;white-space:nowrap}
.fb-note{flex-basis:100%;text-align:right}
.fb-note:empty{display:none}
.note{font-style:italic;color:var(--meridian-muted,#5b6673)}
.error{margin:0 12px 8px;padding:8px 10px;border-radius:8px;background:#fdecea;color:#7a1b12;border:1px solid #f2b8b0;display:flex;gap:8px;align-items:center;flex-wrap:wrap}
.error[hidden]{display:none}
.error[data-kind=configuration]{background:#fff4e5;color:#5c3200;border-color:#f0c080}
.error span{flex:1;min-width:160px}
form{display:flex;gap:8px;padding:10px;border-top:1px solid var(--meridian-border,#d5dbe3);align-items:flex-end}
textarea{flex:1;min-width:0;resize:none;font:inherit;padding:8px 10px;border:1px solid var(--meridian-border,#d5dbe3);border-radius:8px;min-height:40px;max-height:120px;background:var(--meridian-bg,#fff);color:inherit}
button{font:inherit}
.primary,.secondary{border-radius:8px;padding:8px 14px;min-height:40px;cursor:pointer;font-weight:600}
.primary{background:var(--meridian-accent,#0b5cad);color:var(--meridian-accent-fg,#fff);border:1px solid transparent}
.secondary{background:var(--meridian-bg,#fff);color:var(--meridian-fg,#1b2430);border:1px solid var(--meridian-border,#d5dbe3)}
button:disabled{opacity:.5;cursor:not-allowed}
button[hidden]{display:none}
button:focus-visible,textarea:focus-visible,.log:focus-visible{outline:3px solid var(--meridian-focus,#f5a623);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;
