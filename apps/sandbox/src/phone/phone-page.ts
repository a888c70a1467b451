/** The phone page shell; `/phone/app.js` renders everything inside `#app`. */
export function phonePageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchboard sandbox phone</title>
<style>${css}</style>
</head>
<body>
<div class="toolbar">
  <label>User <select data-testid="user-select" id="user-select"></select></label>
  <label>Business number <select data-testid="number-select" id="number-select"></select></label>
  <span class="hint" id="hint"></span>
</div>
<div class="phone">
  <div class="notch"></div>
  <header class="chat-header">
    <div class="avatar">🏢</div>
    <div><div class="chat-title" id="chat-title">Business</div><div class="chat-sub" id="chat-sub"></div></div>
  </header>
  <main class="chat" id="chat" data-testid="chat"></main>
  <div class="toast" id="toast" role="status"></div>
  <form class="composer" id="composer" autocomplete="off">
    <button type="button" class="attach" id="attach" title="Attach" aria-label="Attach">📎</button>
    <div class="attach-menu" id="attach-menu" hidden>
      <button type="button" data-attach="image">🖼️ Photo</button>
      <button type="button" data-attach="document">📄 Document</button>
      <button type="button" data-attach="audio">🎤 Voice note</button>
      <button type="button" data-attach="location">📍 Location</button>
      <button type="button" data-attach="contacts">👤 Contact</button>
    </div>
    <input data-testid="composer-input" id="composer-input" placeholder="Message" maxlength="4096">
    <button type="submit" data-testid="send-button" id="send-button" aria-label="Send">➤</button>
  </form>
  <div class="sheet" id="sheet" hidden></div>
</div>
<script src="/phone/app.js"></script>
</body>
</html>`;
}

const css = `
*{box-sizing:border-box}
body{margin:0;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;background:#dcdcdc;display:flex;flex-direction:column;align-items:center;min-height:100vh}
.toolbar{display:flex;gap:16px;align-items:center;padding:12px;flex-wrap:wrap;justify-content:center;font-size:14px}
.toolbar select{margin-left:6px;padding:4px}
.hint{color:#a33;font-size:13px}
.phone{position:relative;width:380px;height:760px;background:#efeae2;border:12px solid #111;border-radius:42px;overflow:hidden;display:flex;flex-direction:column;box-shadow:0 10px 40px rgba(0,0,0,.3)}
.notch{height:22px;background:#075e54}
.chat-header{background:#075e54;color:#fff;display:flex;align-items:center;gap:10px;padding:8px 12px}
.avatar{width:36px;height:36px;border-radius:50%;background:#dfe5e7;display:flex;align-items:center;justify-content:center}
.chat-title{font-weight:600}
.chat-sub{font-size:12px;opacity:.85;min-height:14px}
.chat{flex:1;overflow-y:auto;padding:10px 10px 4px;display:flex;flex-direction:column;gap:4px}
.row{display:flex;flex-direction:column}
.row.in{align-items:flex-end}
.row.out{align-items:flex-start}
.bubble{position:relative;max-width:78%;padding:6px 8px 4px;border-radius:8px;box-shadow:0 1px .5px rgba(0,0,0,.13);font-size:14px;line-height:1.35;word-wrap:break-word;white-space:pre-wrap}
.row.in .bubble{background:#d9fdd3}
.row.out .bubble{background:#fff}
.meta{display:flex;justify-content:flex-end;gap:4px;font-size:11px;color:#667781;margin-top:2px}
.tick{font-size:12px;letter-spacing:-3px;color:#8696a0}
.tick[data-status=read]{color:#53bdeb}
.tick[data-status=failed]{color:#d33;letter-spacing:0}
.header-text{font-weight:600;margin-bottom:2px}
.footer-text{font-size:12px;color:#667781;margin-top:2px}
.buttons{display:flex;flex-direction:column;gap:2px;margin-top:4px;max-width:78%;width:78%}
.buttons button,.list-open{background:#fff;border:0;border-radius:8px;padding:8px;color:#027eb5;font-size:14px;cursor:pointer;box-shadow:0 1px .5px rgba(0,0,0,.13)}
.list-open{width:100%;margin-top:6px;border-top:1px solid #eee;border-radius:0;box-shadow:none}
.media{display:block;max-width:240px;border-radius:6px;margin-bottom:4px}
.card{background:rgba(0,0,0,.05);border-radius:6px;padding:8px;margin-bottom:4px}
.reactions{font-size:13px;background:#fff;border-radius:10px;padding:0 5px;margin-top:-6px;box-shadow:0 1px 2px rgba(0,0,0,.2);align-self:flex-start}
.row.in .reactions{align-self:flex-end}
.quote{border-left:3px solid #06cf9c;background:rgba(0,0,0,.05);padding:3px 6px;border-radius:4px;font-size:12px;color:#555;margin-bottom:4px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.template-tag{font-size:11px;color:#667781;margin-bottom:2px}
.composer{display:flex;gap:6px;padding:6px;background:#f0f2f5;position:relative}
.composer input{flex:1;border:0;border-radius:20px;padding:10px 14px;font-size:15px}
.composer button{border:0;border-radius:50%;width:42px;height:42px;cursor:pointer;font-size:18px}
#send-button{background:#00a884;color:#fff}
.attach{background:transparent}
.attach-menu{position:absolute;bottom:54px;left:6px;background:#fff;border-radius:8px;box-shadow:0 2px 10px rgba(0,0,0,.2);display:flex;flex-direction:column;padding:4px;z-index:3}
.attach-menu[hidden]{display:none}
.attach-menu button{border-radius:6px;width:auto;height:auto;padding:8px 12px;text-align:left;font-size:14px;background:#fff}
.sheet{position:absolute;inset:auto 0 0 0;max-height:70%;overflow-y:auto;background:#fff;border-radius:16px 16px 0 0;box-shadow:0 -2px 12px rgba(0,0,0,.25);padding:12px;z-index:4}
.sheet[hidden]{display:none}
.sheet h3{margin:4px 0 8px;font-size:16px;text-align:center}
.sheet h4{margin:10px 0 4px;font-size:13px;color:#008069}
.sheet .list-row{display:block;width:100%;text-align:left;border:0;background:#fff;padding:8px 4px;border-bottom:1px solid #eee;cursor:pointer;font-size:14px}
.sheet .list-row small{display:block;color:#667781}
.sheet .close{display:block;margin:10px auto 0;border:0;background:#eee;border-radius:16px;padding:6px 16px;cursor:pointer}
.toast{position:absolute;left:12px;right:12px;bottom:64px;background:#333;color:#fff;border-radius:8px;padding:8px;font-size:13px;display:none;z-index:5}
.toast.show{display:block}
.day{align-self:center;background:#fff;border-radius:6px;padding:2px 8px;font-size:12px;color:#54656f;margin:6px 0}
`;
