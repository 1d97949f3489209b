using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using Parley.Core.Sessions;

namespace Parley.Server.Transport;

/// <summary>
/// Parley's own Kestrel transport for the raw TCP doors (line and IRC): Kestrel still accepts through it, runs its
/// connection middleware and Parley's connection handlers, and shuts connections down; only the per-connection
/// socket plumbing is leaner (docs/concurrency.md, *Transport*).
/// </summary>
/// <remarks>
/// Kestrel asks its transports in reverse order of registration, so this one, registered after Kestrel's socket
/// transport, binds every IP endpoint; with <c>Parley:Connection:Transport=Kestrel</c> it is not registered at all.
/// </remarks>
internal sealed class LeanTransportFactory(IOptions<ConnectionOptions> options) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
        endpoint is IPEndPoint ip
            ? new ValueTask<IConnectionListener>(LeanListener.Bind(ip, options.Value))
            : throw new NotSupportedException($"The lean transport binds IP endpoints only, not {endpoint}.");
}
