import Foundation
import Hummingbird
import Logging
import MamoriCore
import MamoriStore
import NIOCore
import ServiceLifecycle

/// Builds the web application: pages, JSON API, sign-in, operations endpoints.
public enum MamoriApp {
    /// The router with every route and middleware, over an environment (used as it is by the tests).
    public static func router(_ environment: ServerEnvironment) -> Router<AppContext> {
        let router = Router(context: AppContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: ResponseMiddleware(environment: environment))
        router.add(middleware: WriteGuardMiddleware(environment: environment))
        OperationsRoutes(environment: environment).register(on: router)
        router.add(middleware: SessionMiddleware(environment: environment))
        AuthRoutes(environment: environment).register(on: router)
        PasswordRoutes(environment: environment).register(on: router)
        AgentRoutes(environment: environment).register(on: router)
        let members = router.group(context: MemberContext.self)
        ContractRoutes(environment: environment).register(on: members)
        ClauseRoutes(environment: environment).register(on: members)
        DataRoutes(environment: environment).register(on: members)
        DocumentRoutes(environment: environment).register(on: members)
        RosterRoutes(environment: environment).register(on: members)
        IncidentRoutes(environment: environment).register(on: members)
        AccountRoutes(environment: environment).register(on: members)
        OrganizationRoutes(environment: environment).register(on: members)
        ContractSetupRoutes(environment: environment).register(on: members)
        CatalogRoutes(environment: environment).register(on: members)
        SessionRoutes(environment: environment).register(on: members)
        AlertRoutes(environment: environment).register(on: members)
        TodoRoutes(environment: environment).register(on: members)
        DeviceRoutes(environment: environment).register(on: members)
        let api = router.group("/api/v1", context: MemberContext.self)
        APIRoutes(environment: environment).register(on: api)
        RecordRoutes(environment: environment).register(on: members, api: api)
        return router
    }

    /// The application listening on `hostname:port`, dropping slow clients after `timeouts`, with `services` beside it —
    /// and on SQLite the write-ahead log's checkpoints (``WALCheckpointService``), so that no request's commit copies it.
    public static func application(
        _ environment: ServerEnvironment, hostname: String, port: Int, logger: Logger,
        timeouts: ServerTimeouts = ServerTimeouts(), services: [any Service] = []
    ) -> some ApplicationProtocol {
        let requestRead = timeouts.requestRead
        return Application(
            router: router(environment),
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [RequestReadDeadline(limit: requestRead)],
                    idleTimeout: TimeAmount(timeouts.idle))),
            configuration: .init(address: .hostname(hostname, port: port), serverName: "Mamori"),
            services: services + (environment.store.keepsWriteAheadLog ? [WALCheckpointService(store: environment.store)] : []),
            logger: logger)
    }
}
