using Parley.Server.Hosting;

var app = ParleyServer.Build(args);
await app.RunAsync();
