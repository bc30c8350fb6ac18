// Records every IndexedDB transaction the page opens (its mode and the durability it asked for),
// so a test can check that each write asked for 'strict'. Importing it installs it once.

export const seen = [];

if (!IDBDatabase.prototype.transaction.spied) {
  const original = IDBDatabase.prototype.transaction;
  const spy = function (storeNames, mode, options) {
    const tx = original.call(this, storeNames, mode, options);
    seen.push({ stores: [].concat(storeNames).join(','), mode: tx.mode, durability: tx.durability });
    return tx;
  };
  spy.spied = true;
  IDBDatabase.prototype.transaction = spy;
}
