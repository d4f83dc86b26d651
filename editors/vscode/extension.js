// The client: starts `jixiao lsp` for .jx files. Everything the editor shows (diagnostics,
// hover, definitions, rename, completion, formatting, quick fixes) comes from the server.
const { workspace } = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate() {
  const command = workspace.getConfiguration('jixiao').get('path') || 'jixiao';
  client = new LanguageClient(
    'jixiao',
    '绩效评分方案（jixiao）',
    { command, args: ['lsp'] },
    { documentSelector: [{ scheme: 'file', language: 'jixiao' }] }
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
