/**
 * The live JavaScript heap of another Node.js process, read over the inspector protocol after a
 * full garbage collection: unlike RSS, it does not keep what a past peak made the process reserve.
 */
export class HeapProbe {
  private nextId = 0;
  private readonly pending = new Map<number, (result: any) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.onmessage = message => {
      const { id, result } = JSON.parse(String(message.data));
      this.pending.get(id)?.(result);
      this.pending.delete(id);
    };
  }

  /** Opens the inspector of process `pid` (SIGUSR1 starts it on 127.0.0.1:9229) and connects. */
  static async attach(pid: number): Promise<HeapProbe> {
    process.kill(pid, 'SIGUSR1');
    for (let attempt = 0; attempt < 50; attempt++) {
      const targets = await fetch('http://127.0.0.1:9229/json/list')
        .then(r => r.json() as Promise<Array<{ webSocketDebuggerUrl: string }>>)
        .catch(() => undefined);
      if (targets?.length) {
        const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
        await new Promise((resolve, reject) => {
          socket.onopen = resolve;
          socket.onerror = reject;
        });
        const probe = new HeapProbe(socket);
        // Another process may already have held the port: measure only the one asked for.
        const { result } = await probe.send('Runtime.evaluate', {
          expression: 'process.pid',
        });
        if (result.value !== pid) {
          probe.close();
          throw new Error(
            `127.0.0.1:9229 is the inspector of process ${result.value}, not ${pid}; end it and run again`,
          );
        }
        return probe;
      }
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`process ${pid} opened no inspector on 127.0.0.1:9229`);
  }

  /** Bytes of live heap after a full collection. */
  async usedAfterGc(): Promise<number> {
    await this.send('HeapProfiler.collectGarbage');
    const { usedSize } = await this.send('Runtime.getHeapUsage');
    return usedSize;
  }

  close() {
    this.socket.close();
  }

  private send(method: string, params: object = {}): Promise<any> {
    const id = ++this.nextId;
    return new Promise(resolve => {
      this.pending.set(id, resolve);
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }
}
