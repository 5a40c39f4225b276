using System.Net;
using System.Net.Sockets;

namespace Correlator.Testing;

/// <summary>Finds a TCP port on 127.0.0.1 that is free right now, for a server a test starts.</summary>
public static class FreePort
{
    /// <summary>
    /// Asks the OS for an ephemeral port and releases it. Another process may take it before the
    /// caller binds it, so a caller that starts a server should retry with a new port on "address in use".
    /// </summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
