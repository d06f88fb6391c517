// Modules Vite makes: the MNIST shards' manifest (mnist-shards.ts).
declare module 'virtual:mnist-shards' {
  const shards: import('./shards.js').MnistShards;
  export default shards;
}
