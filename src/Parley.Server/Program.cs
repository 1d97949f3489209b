using Parley.Server.Hosting;

if (HashPasswordCommand.TryRun(args, Console.In, Console.Out))
{
    return;
}

var app = ParleyServer.Build(args);
await app.RunAsync();
