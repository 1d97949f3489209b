using Microsoft.Extensions.Options;
using Parley.Core.Storage;
using Parley.Server.Hosting;
using Parley.Storage.Sqlite;

if (HashPasswordCommand.TryRun(args, Console.In, Console.Out))
{
    return 0;
}

try
{
    var app = ParleyServer.Build(args);
    // Before the first socket operation, which fixes the runtime's choice for the process.
    SocketCompletions.Apply(app.Configuration);
    // The store opens before the host starts, so that a refusal is the one line below, not also the host's error
    // log with a stack trace.
    app.Services.GetRequiredService<IMessageStore>();
    await app.RunAsync();
    return 0;
}
catch (StoreOpenException ex)
{
    // A refusal to start is the operator's to fix: one clear line, no stack trace.
    await Console.Error.WriteLineAsync($"parley-server: {ex.Message}");
    return 2;
}
catch (OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync($"parley-server: invalid configuration: {string.Join("; ", ex.Failures)}");
    return 2;
}
catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException || ex.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
{
    await Console.Error.WriteLineAsync($"parley-server: cannot listen: {ex.Message}");
    return 2;
}
