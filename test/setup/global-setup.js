// Jest would push global setup through its CommonJS transform; a dynamic import hands the
// TypeScript to Node's ESM loader instead, where tsx runs it (npm test passes --import tsx).
export default async function globalSetup() {
  const { default: setup } = await import('./global-setup.ts');
  await setup();
}
