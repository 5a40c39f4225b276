using System.Runtime.InteropServices;
using System.Text;
namespace Correlator.Kafka;

/// <summary>
/// librdkafka's in-process mock cluster: real Kafka-protocol brokers on 127.0.0.1, owned by a handle of its
/// own so that it outlives every client a test creates (consumers can crash and reconnect to the same data).
/// Used by the tests (through <c>Correlator.Testing</c>) and by <c>correlator bench kafka</c>, never by the service.
/// Calls go through the librdkafka that Confluent.Kafka loaded (<see cref="KafkaNativeLibrary"/>), so both
/// see one library. Signatures follow librdkafka 2.16's <c>rdkafka_mock.h</c>.
/// </summary>
public sealed class KafkaMockCluster : IDisposable
{
    /// <summary>Kafka protocol API keys, for <see cref="PushRequestErrors"/>.</summary>
    public const short ApiProduce = 0;
    public const short ApiFetch = 1;
    public const short ApiOffsetCommit = 8;
    public const short ApiHeartbeat = 12;

    private const int RdKafkaProducer = 0;

    private static readonly Lazy<Native> Api = new(() => new Native(KafkaNativeLibrary.EnsureLoaded()));

    private readonly Lock _gate = new();
    private IntPtr _handle;
    private IntPtr _cluster;

    /// <param name="brokers">Brokers in the cluster; their ids are 1..brokers.</param>
    public KafkaMockCluster(int brokers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        var api = Api.Value;
        var conf = api.ConfNew();
        var error = new byte[512];
        _handle = api.New(RdKafkaProducer, conf, error, (nuint)error.Length);
        if (_handle == IntPtr.Zero)
        {
            api.ConfDestroy(conf);
            throw new InvalidOperationException("rd_kafka_new failed: " + Encoding.UTF8.GetString(error).TrimEnd('\0'));
        }

        _cluster = api.ClusterNew(_handle, brokers);
        if (_cluster == IntPtr.Zero)
        {
            api.Destroy(_handle);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
        }

        Brokers = brokers;
        BootstrapServers = Marshal.PtrToStringUTF8(api.Bootstraps(_cluster)) ?? throw new InvalidOperationException("the mock cluster has no bootstrap servers");
        // The broker's default (3 s, as in Kafka) would make every test wait for each group's first join.
        api.InitialRebalanceDelay(_cluster, 100);
    }

    public int Brokers { get; }

    /// <summary>The comma-separated <c>host:port</c> list a client connects to.</summary>
    public string BootstrapServers { get; }

    /// <summary>Creates a topic with the given partitions (replication factor 1).</summary>
    public void CreateTopic(string topic, int partitions)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        Check(Api.Value.TopicCreate(Cluster, topic, partitions, 1), "rd_kafka_mock_topic_create " + topic);
    }

    /// <summary>Takes a broker down: its connections close and new ones are refused until <see cref="SetBrokerUp"/>.</summary>
    public void SetBrokerDown(int brokerId) => Check(Api.Value.BrokerSetDown(Cluster, brokerId), "rd_kafka_mock_broker_set_down");

    public void SetBrokerUp(int brokerId) => Check(Api.Value.BrokerSetUp(Cluster, brokerId), "rd_kafka_mock_broker_set_up");

    /// <summary>The next requests of an API (any broker) fail with these Kafka error codes, in order.</summary>
    public void PushRequestErrors(short apiKey, params int[] errorCodes)
    {
        ArgumentNullException.ThrowIfNull(errorCodes);
        Api.Value.PushRequestErrors(Cluster, apiKey, (nuint)errorCodes.Length, errorCodes);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_cluster != IntPtr.Zero)
            {
                Api.Value.ClusterDestroy(_cluster);
                _cluster = IntPtr.Zero;
            }

            if (_handle != IntPtr.Zero)
            {
                Api.Value.Destroy(_handle);
                _handle = IntPtr.Zero;
            }
        }
    }

    private IntPtr Cluster => _cluster != IntPtr.Zero ? _cluster : throw new ObjectDisposedException(nameof(KafkaMockCluster));

    private static void Check(int error, string call)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"{call} failed with librdkafka error {error}");
        }
    }

    /// <summary>The mock API of one loaded librdkafka, bound by symbol name.</summary>
    private sealed class Native
    {
        public Native(string path)
        {
            var library = NativeLibrary.Load(path);
            ConfNew = Bind<ConfNewFn>(library, "rd_kafka_conf_new");
            ConfDestroy = Bind<PtrFn>(library, "rd_kafka_conf_destroy");
            New = Bind<NewFn>(library, "rd_kafka_new");
            Destroy = Bind<PtrFn>(library, "rd_kafka_destroy");
            ClusterNew = Bind<ClusterNewFn>(library, "rd_kafka_mock_cluster_new");
            ClusterDestroy = Bind<PtrFn>(library, "rd_kafka_mock_cluster_destroy");
            Bootstraps = Bind<BootstrapsFn>(library, "rd_kafka_mock_cluster_bootstraps");
            TopicCreate = Bind<TopicCreateFn>(library, "rd_kafka_mock_topic_create");
            BrokerSetDown = Bind<BrokerFn>(library, "rd_kafka_mock_broker_set_down");
            BrokerSetUp = Bind<BrokerFn>(library, "rd_kafka_mock_broker_set_up");
            PushRequestErrors = Bind<PushErrorsFn>(library, "rd_kafka_mock_push_request_errors_array");
            InitialRebalanceDelay = Bind<DelayFn>(library, "rd_kafka_mock_group_initial_rebalance_delay_ms");
        }

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate IntPtr ConfNewFn();

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate void PtrFn(IntPtr pointer);

        // rd_kafka_t *rd_kafka_new(rd_kafka_type_t type, rd_kafka_conf_t *conf, char *errstr, size_t errstr_size)
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate IntPtr NewFn(int type, IntPtr conf, [Out] byte[] errstr, nuint errstrSize);

        // rd_kafka_mock_cluster_t *rd_kafka_mock_cluster_new(rd_kafka_t *rk, int broker_cnt)
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate IntPtr ClusterNewFn(IntPtr rk, int brokerCount);

        // const char *rd_kafka_mock_cluster_bootstraps(const rd_kafka_mock_cluster_t *mcluster)
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate IntPtr BootstrapsFn(IntPtr cluster);

        // rd_kafka_resp_err_t rd_kafka_mock_topic_create(rd_kafka_mock_cluster_t *mcluster, const char *topic, int partition_cnt, int replication_factor)
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int TopicCreateFn(IntPtr cluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitions, int replicationFactor);

        // rd_kafka_resp_err_t rd_kafka_mock_broker_set_down / _up(rd_kafka_mock_cluster_t *mcluster, int32_t broker_id)
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int BrokerFn(IntPtr cluster, int brokerId);

        // void rd_kafka_mock_push_request_errors_array(rd_kafka_mock_cluster_t *mcluster, int16_t ApiKey, size_t cnt, const rd_kafka_resp_err_t *errors)
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate void PushErrorsFn(IntPtr cluster, short apiKey, nuint count, int[] errors);

        // void rd_kafka_mock_group_initial_rebalance_delay_ms(rd_kafka_mock_cluster_t *mcluster, int32_t delay_ms)
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate void DelayFn(IntPtr cluster, int delayMs);

        public ConfNewFn ConfNew { get; }

        public PtrFn ConfDestroy { get; }

        public NewFn New { get; }

        public PtrFn Destroy { get; }

        public ClusterNewFn ClusterNew { get; }

        public PtrFn ClusterDestroy { get; }

        public BootstrapsFn Bootstraps { get; }

        public TopicCreateFn TopicCreate { get; }

        public BrokerFn BrokerSetDown { get; }

        public BrokerFn BrokerSetUp { get; }

        public PushErrorsFn PushRequestErrors { get; }

        public DelayFn InitialRebalanceDelay { get; }

        private static T Bind<T>(IntPtr library, string symbol)
            where T : Delegate => Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(library, symbol));
    }
}
