using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Parley.Bench.Reporting;

/// <summary>
/// A scenario's result as ordered metrics: printed as an aligned table for people and as one
/// JSON line (metric name -> number) for compare.sh and the `report` command.
/// </summary>
public sealed class Report
{
    private readonly List<(string Key, double? Value, string Unit)> _metrics = [];

    public Report(string scenario, string label)
    {
        Scenario = scenario;
        Label = label;
    }

    public string Scenario { get; }

    public string Label { get; }

    public IReadOnlyList<(string Key, double? Value, string Unit)> Metrics => _metrics;

    public Report Add(string key, double? value, string unit = "")
    {
        _metrics.Add((key, value, unit));
        return this;
    }

    public double? this[string key] => _metrics.FirstOrDefault(m => m.Key == key).Value;

    public void WriteTable(TextWriter output)
    {
        output.WriteLine($"== {Scenario} against {Label} ==");
        foreach (var (key, value, unit) in _metrics)
        {
            output.WriteLine($"  {key,-30} {Format(value),16} {unit}");
        }
    }

    public string ToJsonLine()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("scenario", Scenario);
            json.WriteString("label", Label);
            foreach (var (key, value, _) in _metrics)
            {
                if (value is { } v && double.IsFinite(v))
                {
                    json.WriteNumber(key, Math.Round(v, 3));
                }
                else
                {
                    json.WriteNull(key);
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Prints the table and the JSON line; appends the JSON line to the file if asked.</summary>
    public void Emit(BenchSettings settings)
    {
        WriteTable(settings.Output);
        var line = ToJsonLine();
        settings.Output.WriteLine(line);
        if (settings.JsonPath is { } path)
        {
            File.AppendAllText(path, line + "\n");
        }
    }

    public static string Format(double? value) => value switch
    {
        null => "n/a",
        { } v when Math.Abs(v) >= 100 || v == Math.Floor(v) => v.ToString("N0", CultureInfo.InvariantCulture),
        { } v => v.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
