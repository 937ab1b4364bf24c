// Browser side of the chat. It joins the WAMP realm with autobahn-js and shows every
// message published to the chat topic. It posts its own messages to the Express app with
// its WAMP session ID, so the server can leave this page out when it pushes.
(async () => {
  const statusLine = document.getElementById('status');
  const sessionIdField = document.getElementById('session-id');
  const messageList = document.getElementById('messages');
  const form = document.getElementById('message-form');
  const nameInput = document.getElementById('name');
  const textInput = document.getElementById('text');
  const sendButton = form.querySelector('button');
  const errorLine = document.getElementById('error');

  const config = await (await fetch('/config.json')).json();
  let sessionId;

  function showMessage(message, kind) {
    const item = document.createElement('li');
    item.className = kind;
    const author = document.createElement('span');
    author.className = 'author';
    author.textContent = kind === 'own' ? 'you' : message.name;
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = message.text;
    item.append(author, text);
    messageList.append(item);
  }

  const connection = new autobahn.Connection({ url: config.wampUrl, realm: config.realm });
  connection.onopen = async (session) => {
    sessionId = session.id;
    sessionIdField.textContent = String(sessionId);
    await session.subscribe(config.topic, (args) => showMessage(args[0], 'received'));
    statusLine.textContent = 'Connected';
    sendButton.disabled = false;
    document.body.dataset.state = 'ready';
  };
  connection.onclose = (reason) => {
    sessionId = undefined;
    sessionIdField.textContent = 'none';
    statusLine.textContent = `Disconnected (${reason}), retrying…`;
    sendButton.disabled = true;
    document.body.dataset.state = 'connecting';

    // Returning false lets autobahn-js retry the connection.
    return false;
  };
  connection.open();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errorLine.textContent = '';
    const message = { name: nameInput.value, text: textInput.value };
    const response = await fetch('/messages', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(sessionId === undefined ? {} : { 'x-wamp-session-id': String(sessionId) }),
      },
      body: JSON.stringify(message),
    });
    if (!response.ok) {
      const { error } = await response.json().catch(() => ({ error: response.statusText }));
      errorLine.textContent = error;

      return;
    }
    showMessage(message, 'own');
    textInput.value = '';
  });
})();
