// Shows that a module runs under the Content-Security-Policy and that the page is a secure context.
const p = document.getElementById('greeting');
p.textContent = `module ran; secure context: ${window.isSecureContext}; WebCrypto: ${typeof crypto.subtle}`;
document.title = 'hello';
