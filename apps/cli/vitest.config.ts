import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

// The CLI's tests train real networks on real MNIST: give them room.
export default mergeConfig(shared, defineConfig({ test: { testTimeout: 180_000, hookTimeout: 180_000 } }));
