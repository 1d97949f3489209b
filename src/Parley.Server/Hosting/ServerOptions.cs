using System.ComponentModel.DataAnnotations;

namespace Parley.Server.Hosting;

/// <summary>Where the server listens and what it keeps (section <c>Parley</c>, beside the hub's own settings).</summary>
public sealed class ServerOptions
{
    /// <summary>Address every door binds to; 0.0.0.0 serves the whole network, 127.0.0.1 this machine only.</summary>
    [Required]
    public string Bind { get; set; } = "0.0.0.0";

    /// <summary>How long clients get to read the closing notice at shutdown before the process exits anyway.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>What connected clients are told when the server stops.</summary>
    public string ShutdownNotice { get; set; } = "Server shutting down";
}
