using System.CommandLine;
using System.Globalization;

namespace Parley.Bench.Cli;

/// <summary>--rate: messages per second per sender, or "max" for window-bounded as-fast-as-possible.</summary>
public static class RateOption
{
    public static Option<double?> Create(string defaultValue) => new("--rate")
    {
        Description = $"Messages/s per sender on a fixed schedule, or 'max' (bounded by --window). Default {defaultValue}",
        DefaultValueFactory = _ => Parse(defaultValue),
        CustomParser = r => Parse(r.Tokens.Single().Value),
    };

    private static double? Parse(string text) =>
        text.Equals("max", StringComparison.OrdinalIgnoreCase)
            ? null
            : double.Parse(text, CultureInfo.InvariantCulture) is > 0 and var v ? v : throw new FormatException("--rate must be > 0 or 'max'");
}
