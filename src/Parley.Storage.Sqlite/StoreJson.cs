using System.Text.Json.Serialization;

namespace Parley.Storage.Sqlite;

/// <summary>Source-generated JSON for the one thing the store serializes: a list of room names bound as a parameter.</summary>
[JsonSerializable(typeof(IReadOnlyCollection<string>))]
internal sealed partial class StoreJson : JsonSerializerContext;
