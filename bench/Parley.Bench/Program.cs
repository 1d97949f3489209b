using System.CommandLine;
using Parley.Bench.Cli;

namespace Parley.Bench;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        var global = new GlobalOptions();
        var root = new RootCommand("parley-bench: load generator for Parley and other IRC servers");
        foreach (var option in global.All)
        {
            root.Options.Add(option);
        }

        root.Subcommands.Add(ScenarioCommands.Fanout(global));
        root.Subcommands.Add(ScenarioCommands.Rooms(global));
        root.Subcommands.Add(ScenarioCommands.PrivateMessages(global));
        root.Subcommands.Add(ScenarioCommands.Idle(global));
        root.Subcommands.Add(ScenarioCommands.Churn(global));
        root.Subcommands.Add(ReportCommand.Create());
        return root.Parse(args).InvokeAsync();
    }
}
