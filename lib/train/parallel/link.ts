/**
 * A shard in the same thread as the leader: the messages go straight through a ShardServer.
 * Nothing runs in parallel; the tests use it to check the leader's arithmetic and the protocol
 * against one-worker steps on the CPU backend, and to count tensors.
 */
import type { FromShard, ShardLink, ToShard } from './protocol';
import { ShardServer } from './replica';

/** A ShardLink answered in this thread (structured-clone copies are not made: the leader never reuses what it sends). */
export function inProcessLink(server = new ShardServer()): ShardLink & { readonly closed: boolean } {
  let closed = false;
  return {
    get closed() { return closed; },
    request(message: ToShard): Promise<FromShard> {
      if (closed) return Promise.reject(new Error('the shard was closed'));
      return Promise.resolve(server.handle(message).reply);
    },
    close() {
      if (closed) return;
      closed = true;
      server.dispose();
    },
  };
}
