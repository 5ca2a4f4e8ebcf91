/**
 * A lesson's store: the Lab's own store (createLabStore) on the real worker engine, with one
 * difference the Lab's controls cannot express: a lesson may train the identity task
 * (reproduce the input, the paper's §3.1 conjecture). The client is wrapped so that every
 * session it creates carries the task; everything else passes through unchanged.
 */
import type { LabState } from '../core/labState';
import type { Task } from '../core/trainConfig';
import { createEngineClient } from '../worker/client';
import type { EngineClient } from '../worker/client';
import { createLabStore } from './labStore';
import type { LabStore } from './labStore';

/** `client` with `task` added to every create command's training config. */
export function withTask(client: EngineClient, task: Task): EngineClient {
  return {
    get sessionId() {
      return client.sessionId;
    },
    create: (request) => client.create({ ...request, config: { ...request.config, task } }),
    start: () => client.start(),
    pause: () => client.pause(),
    lesion: () => client.lesion(),
    landscape: (n, dims) => client.landscape(n, dims),
    cancelStudy: () => client.cancelStudy(),
    resume: () => client.resume(),
    step: () => client.step(),
    stop: () => client.stop(),
    reset: () => client.reset(),
    dispose: () => client.dispose(),
    subscribe: (listener) => client.subscribe(listener),
    terminate: () => client.terminate(),
  };
}

export function createLessonStore(
  controls: LabState,
  task: Task = 'classify',
  connect: () => EngineClient = () => createEngineClient(),
): LabStore {
  return createLabStore(() => (task === 'classify' ? connect() : withTask(connect(), task)), { controls });
}
