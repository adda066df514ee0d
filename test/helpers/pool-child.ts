// A stand-in child for the process pool's tests: it does what the payload says.
interface Task {
  readonly type: 'task';
  readonly id: number;
  readonly payload: {
    action: 'echo' | 'crash' | 'hog' | 'hang' | 'fail' | 'pid' | 'progress';
    value?: unknown;
  };
}

const held: Buffer[] = [];

process.on('message', (message: Task) => {
  const { id, payload } = message;
  const reply = (m: object) => process.send?.({ id, ...m });
  switch (payload.action) {
    case 'echo':
      reply({ type: 'done', result: payload.value });
      break;
    case 'pid':
      reply({ type: 'done', result: process.pid });
      break;
    case 'progress':
      for (let page = 1; page <= 3; page++) reply({ type: 'progress', data: { page, pages: 3 } });
      reply({ type: 'done', result: 'ok' });
      break;
    case 'fail':
      reply({
        type: 'failed',
        error: { code: 'corrupt_document', detail: 'bad', retryable: false },
      });
      break;
    case 'crash':
      process.exit(3);
      break;
    case 'hang':
      // Never answers; the parent's signal must end it.
      setInterval(() => undefined, 1000);
      break;
    case 'hog': {
      // Native (non-V8-heap) memory, which only the parent's watchdog can see.
      const grow = () => {
        held.push(Buffer.alloc(32 * 1024 * 1024, 1));
        setTimeout(grow, 10);
      };
      grow();
      break;
    }
  }
});
process.on('disconnect', () => process.exit(0));
