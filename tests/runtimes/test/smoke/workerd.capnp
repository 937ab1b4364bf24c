# workerd config for the smoke worker. The test passes the smoke configuration in each
# request body, so this file stays static: it binds 127.0.0.1:0 and reports the port
# it got through --control-fd.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .smokeWorker),
    # workerd's implicit "internet" service allows only "public" addresses and rejects a
    # fetch to 127.0.0.1 ("connecting to 127.0.0.1:PORT is not allowed"). The dev router
    # listens on loopback, which workerd's address classes call "local".
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);

const smokeWorker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "smoke.js", esModule = embed "smoke.js"),
    # The build that the `workerd` export condition selects, loaded unbundled.
    (name = "@autobahnpush/core", esModule = embed "../../../../packages/core/dist/web/index.js"),
  ],
  compatibilityDate = "2026-11-01",
  globalOutbound = "loopback",
);
