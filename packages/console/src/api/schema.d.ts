// Generated from the control plane's /openapi.json by `npm run generate-api -w @verity/console`. Do not edit.
// packages/console/test/api-types.test.ts fails when this file is stale.

export interface paths {
    "/.well-known/ssf-configuration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** SSF 1.0 transmitter configuration metadata. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/access/decide": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decide a sign-in (the PDP API the gateway calls); the decision is written to the sign-in log. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default null */
                        appId?: string | null;
                        authenticationMethods?: ("password" | "sms" | "voice" | "totp" | "microsoftAuthenticatorPush" | "microsoftAuthenticatorPasswordless" | "passkey" | "windowsHelloForBusiness" | "x509CertificateMultiFactor" | "x509CertificateSingleFactor" | "federatedMultiFactor" | "temporaryAccessPass")[];
                        /**
                         * @default browser
                         * @enum {string}
                         */
                        clientAppType?: "browser" | "mobileAppsAndDesktopClients" | "exchangeActiveSync" | "other";
                        country?: string;
                        /** @default null */
                        deviceId?: string | null;
                        /** @default null */
                        ip?: string | null;
                        platform?: ("android" | "iOS" | "windows" | "macOS" | "linux" | "windowsPhone") | null;
                        /**
                         * @default {
                         *       "mfa": false,
                         *       "authenticationStrength": null,
                         *       "passwordChanged": false,
                         *       "approvedApplication": false,
                         *       "compliantApplication": false
                         *     }
                         */
                        satisfied?: {
                            /** @default false */
                            approvedApplication?: boolean;
                            /** @default null */
                            authenticationStrength?: ("mfa" | "passwordless" | "phishingResistant") | null;
                            /** @default false */
                            compliantApplication?: boolean;
                            /** @default false */
                            mfa?: boolean;
                            /** @default false */
                            passwordChanged?: boolean;
                        };
                        /**
                         * @default none
                         * @enum {string}
                         */
                        signInRisk?: "none" | "low" | "medium" | "high";
                        user: string;
                        /** @enum {string} */
                        userAction?: "urn:user:registersecurityinfo" | "urn:user:registerdevice";
                        /**
                         * @default none
                         * @enum {string}
                         */
                        userRisk?: "none" | "low" | "medium" | "high";
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API tokens (never their secrets). */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        /** Create an API token for automation; the secret is shown once. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: date-time */
                        expiresAt?: string;
                        name: string;
                        /** @enum {string} */
                        role: "globalAdmin" | "policyAdmin" | "helpdeskOperator" | "readOnly" | "gateway" | "ssfReceiver";
                        scopeTags?: string[];
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API token. */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/apps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the apps behind the gateway. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        /** Put an app behind the gateway: hosts and path prefix, upstream URL, the app id policies name. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        appId: string;
                        displayName: string;
                        /** @default true */
                        enabled?: boolean;
                        hosts: string[];
                        pathPrefix?: string;
                        upstreamUrl: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/apps/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show an app. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        /** Remove an app from the gateway. */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        options?: never;
        head?: never;
        /** Change an app (routes, upstream, app id, enabled). */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        appId?: string;
                        displayName?: string;
                        enabled?: boolean;
                        hosts?: string[];
                        pathPrefix?: string;
                        upstreamUrl?: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List audit entries, oldest first (order=desc: newest first); filter by action or target. An unreadable row is listed, marked `unreadable`. */
        get: {
            parameters: {
                query?: {
                    action?: string;
                    afterSeq?: number;
                    beforeSeq?: number;
                    limit?: number;
                    order?: "asc" | "desc";
                    targetId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                action: string;
                                actorId: string | null;
                                actorType: string;
                                at: string;
                                details: unknown;
                                hash: string;
                                id: string;
                                prevHash: string;
                                seq: number;
                                targetId: string | null;
                                targetType: string | null;
                            }[];
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/head": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The chain head, verified and signed (Ed25519): keep it outside the database and check against it later (`verity audit verify --head FILE`). */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recompute the keyed chain and report the first broken entry; checked against an exported head (anchorSeq, anchorHash) or the newest one in VERITY_AUDIT_HEAD_FILE. */
        get: {
            parameters: {
                query?: {
                    anchorHash?: string;
                    anchorSeq?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            count: number;
                            /** @constant */
                            ok: true;
                        } | {
                            brokenAtSeq: number;
                            /** @constant */
                            ok: false;
                            reason: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with user name and password; returns a session token. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        deviceToken?: string;
                        /**
                         * @default admin
                         * @enum {string}
                         */
                        kind?: "admin" | "portal";
                        password: string;
                        tenant: string;
                        username: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deviceId: string | null;
                            expiresAt: string;
                            methods: string[];
                            signInId: string;
                            strength: string | null;
                            tenantId: string;
                            token: string;
                            userId: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out: revoke the session (cookie or bearer) and clear the session cookie. Succeeds without a session too. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is signed in (session cookie or bearer): user, tenant, and for admins the role, scope tags and permissions; { signedIn: false } when nobody is. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @constant */
                            signedIn: false;
                        } | {
                            admin: {
                                permissions: ("tenant.read" | "tenant.manage" | "users.read" | "users.manage" | "groups.read" | "groups.manage" | "roles.manage" | "tokens.manage" | "enrollment.read" | "enrollment.manage" | "devices.read" | "devices.action" | "devices.delete" | "policies.read" | "policies.manage" | "signins.read" | "audit.read" | "apps.read" | "apps.manage" | "gateway.connect" | "signals.manage")[];
                                role: string;
                                scopeTags: string[];
                            } | null;
                            expiresAt: string;
                            /** @enum {string} */
                            kind: "admin" | "portal";
                            /** @constant */
                            signedIn: true;
                            tenant: {
                                domain: string;
                                id: string;
                                name: string;
                            };
                            user: {
                                displayName: string;
                                id: string;
                                userPrincipalName: string;
                            };
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sign-in/passkey-options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** WebAuthn request options (a fresh challenge) for a sign-in in progress. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        transaction: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            options: {
                                allowCredentials?: {
                                    id: string;
                                    transports?: ("ble" | "cable" | "hybrid" | "internal" | "nfc" | "smart-card" | "usb")[];
                                    /** @constant */
                                    type: "public-key";
                                }[];
                                challenge: string;
                                extensions?: {
                                    [key: string]: unknown;
                                };
                                hints?: ("hybrid" | "security-key" | "client-device")[];
                                rpId?: string;
                                timeout?: number;
                                /** @enum {string} */
                                userVerification?: "required" | "preferred" | "discouraged";
                            };
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sign-in/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a sign-in without a password (passkey, or the PIN of an enrolled device proven by its certificate or a device token); returns the transaction to continue. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        deviceToken?: string;
                        /**
                         * @default portal
                         * @enum {string}
                         */
                        kind?: "admin" | "portal";
                        tenant: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deviceId: string | null;
                            expiresAt: string;
                            transaction: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sign-in/step": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Continue a sign-in with a TOTP code, a recovery code, a device PIN or a passkey assertion; answers the session once conditional access grants. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        /** @constant */
                        method: "totp";
                        transaction: string;
                    } | {
                        code: string;
                        /** @constant */
                        method: "recoveryCode";
                        transaction: string;
                    } | {
                        /** @constant */
                        method: "devicePin";
                        pin: string;
                        transaction: string;
                        username?: string;
                    } | {
                        /** @constant */
                        method: "passkey";
                        response: {
                            /** @enum {string} */
                            authenticatorAttachment?: "platform" | "cross-platform";
                            /** @default {} */
                            clientExtensionResults?: {
                                [key: string]: unknown;
                            };
                            id: string;
                            rawId: string;
                            response: {
                                authenticatorData: string;
                                clientDataJSON: string;
                                signature: string;
                                userHandle?: string;
                            };
                            /** @constant */
                            type: "public-key";
                        };
                        transaction: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deviceId: string | null;
                            expiresAt: string;
                            methods: string[];
                            signInId: string;
                            strength: string | null;
                            tenantId: string;
                            token: string;
                            userId: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ca": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The device CA certificate (agents pin its fingerprint). */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            caCertificate: string;
                            fingerprint256: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/compliance-policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List compliance policies. */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    platform?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                assignments?: {
                                    id: string;
                                    target: {
                                        "@odata.type": string;
                                        groupId?: string;
                                    };
                                }[];
                                createdAt: string;
                                description: string | null;
                                displayName: string;
                                id: string;
                                kind: string;
                                notEvaluated: {
                                    reason: string;
                                    setting: string;
                                    /** @constant */
                                    state: "notEvaluated";
                                }[];
                                odataType: string;
                                platform: string;
                                scheduledActions: ({
                                    actionType: string;
                                    gracePeriodHours: number;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                settings: {
                                    check: unknown;
                                    evaluated: boolean;
                                    expected: unknown;
                                    path: string;
                                    setting: string;
                                }[];
                                updatedAt: string;
                                version: number;
                            }[];
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        /** Import a compliance policy from Graph JSON (dryRun=true validates only); the report lists settings not evaluated. */
        post: {
            parameters: {
                query?: {
                    dryRun?: "true" | "false";
                    match?: "id" | "displayName";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            dryRun?: boolean;
                            policy: {
                                assignments?: {
                                    id: string;
                                    target: {
                                        "@odata.type": string;
                                        groupId?: string;
                                    };
                                }[];
                                createdAt?: string;
                                description: string | null;
                                displayName: string;
                                id: string | null;
                                kind: string;
                                notEvaluated: {
                                    reason: string;
                                    setting: string;
                                    /** @constant */
                                    state: "notEvaluated";
                                }[];
                                odataType: string;
                                platform: string;
                                scheduledActions: ({
                                    actionType: string;
                                    gracePeriodHours: number;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                settings: {
                                    check: unknown;
                                    evaluated: boolean;
                                    expected: unknown;
                                    path: string;
                                    setting: string;
                                }[];
                                updatedAt?: string;
                                version?: number;
                            };
                            reevaluation?: {
                                changed: number;
                                evaluated: number;
                            } | {
                                /** @constant */
                                background: true;
                            };
                            report: {
                                evaluated: string[];
                                ignored: {
                                    property: string;
                                    reason: string;
                                }[];
                                kind: string;
                                notConfigured: string[];
                                notEvaluated: {
                                    reason: string;
                                    setting: string;
                                }[];
                                odataType: string;
                            };
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/compliance-policies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a compliance policy with its assignments. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assignments?: {
                                id: string;
                                target: {
                                    "@odata.type": string;
                                    groupId?: string;
                                };
                            }[];
                            createdAt: string;
                            description: string | null;
                            displayName: string;
                            id: string;
                            kind: string;
                            notEvaluated: {
                                reason: string;
                                setting: string;
                                /** @constant */
                                state: "notEvaluated";
                            }[];
                            odataType: string;
                            platform: string;
                            scheduledActions: ({
                                actionType: string;
                                gracePeriodHours: number;
                            } & {
                                [key: string]: unknown;
                            })[];
                            settings: {
                                check: unknown;
                                evaluated: boolean;
                                expected: unknown;
                                path: string;
                                setting: string;
                            }[];
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        /** Replace a compliance policy with edited Graph JSON (If-Match: version for optimistic concurrency). */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            policy: {
                                assignments?: {
                                    id: string;
                                    target: {
                                        "@odata.type": string;
                                        groupId?: string;
                                    };
                                }[];
                                createdAt: string;
                                description: string | null;
                                displayName: string;
                                id: string;
                                kind: string;
                                notEvaluated: {
                                    reason: string;
                                    setting: string;
                                    /** @constant */
                                    state: "notEvaluated";
                                }[];
                                odataType: string;
                                platform: string;
                                scheduledActions: ({
                                    actionType: string;
                                    gracePeriodHours: number;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                settings: {
                                    check: unknown;
                                    evaluated: boolean;
                                    expected: unknown;
                                    path: string;
                                    setting: string;
                                }[];
                                updatedAt: string;
                                version: number;
                            };
                            report: {
                                evaluated: string[];
                                ignored: {
                                    property: string;
                                    reason: string;
                                }[];
                                kind: string;
                                notConfigured: string[];
                                notEvaluated: {
                                    reason: string;
                                    setting: string;
                                }[];
                                odataType: string;
                            };
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        post?: never;
        /** Delete an unassigned compliance policy (an assigned one is refused: unassign it first); its pending actions are cancelled and its devices re-evaluated. */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/compliance-policies/{id}/assign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace a policy's assignments (Graph `assign`: include/exclude groups, all devices, all users; exclude wins). */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        assignments: ({
                            id?: string | null;
                            target: {
                                /** @enum {string} */
                                "@odata.type": "#microsoft.graph.groupAssignmentTarget" | "#microsoft.graph.exclusionGroupAssignmentTarget" | "#microsoft.graph.allDevicesAssignmentTarget" | "#microsoft.graph.allLicensedUsersAssignmentTarget";
                                deviceAndAppManagementAssignmentFilterId?: string | null;
                                deviceAndAppManagementAssignmentFilterType?: string | null;
                                groupId?: string | null;
                            } & {
                                [key: string]: unknown;
                            };
                        } & {
                            [key: string]: unknown;
                        })[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            reevaluation: {
                                changed: number;
                                evaluated: number;
                            } | {
                                /** @constant */
                                background: true;
                            };
                            value: {
                                id: string;
                                target: {
                                    "@odata.type": string;
                                    groupId?: string;
                                };
                            }[];
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/compliance-policies/{id}/assignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A policy's assignments (Graph shape). */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            value: {
                                id: string;
                                target: {
                                    "@odata.type": string;
                                    groupId?: string;
                                };
                            }[];
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        /** Replace a policy's assignments (Graph `assign`: include/exclude groups, all devices, all users; exclude wins). */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        assignments: ({
                            id?: string | null;
                            target: {
                                /** @enum {string} */
                                "@odata.type": "#microsoft.graph.groupAssignmentTarget" | "#microsoft.graph.exclusionGroupAssignmentTarget" | "#microsoft.graph.allDevicesAssignmentTarget" | "#microsoft.graph.allLicensedUsersAssignmentTarget";
                                deviceAndAppManagementAssignmentFilterId?: string | null;
                                deviceAndAppManagementAssignmentFilterType?: string | null;
                                groupId?: string | null;
                            } & {
                                [key: string]: unknown;
                            };
                        } & {
                            [key: string]: unknown;
                        })[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            reevaluation: {
                                changed: number;
                                evaluated: number;
                            } | {
                                /** @constant */
                                background: true;
                            };
                            value: {
                                id: string;
                                target: {
                                    "@odata.type": string;
                                    groupId?: string;
                                };
                            }[];
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        /** Remove every assignment of a policy; its pending actions are cancelled and its devices re-evaluated. */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            cancelledActions: number;
                            policyId: string;
                            reevaluation: {
                                changed: number;
                                evaluated: number;
                            } | {
                                /** @constant */
                                background: true;
                            };
                            removed: number;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/compliance-policies/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export a compliance policy as Graph JSON. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/compliance-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tenant-wide compliance settings. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            noPolicyAssignedState: "compliant" | "noncompliant";
                            validityPeriodDays: number;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change "mark devices with no compliance policy assigned as" and the compliance status validity period (days). */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        noPolicyAssignedState?: "compliant" | "noncompliant";
                        validityPeriodDays?: number;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            noPolicyAssignedState: "compliant" | "noncompliant";
                            reevaluation: {
                                changed: number;
                                evaluated: number;
                            } | {
                                /** @constant */
                                background: true;
                            };
                            validityPeriodDays: number;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        trace?: never;
    };
    "/api/v1/conditional-access/analysis": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Analyse the policy set: admin or break-glass lockout, uncovered apps, policies that never apply. */
        get: {
            parameters: {
                query?: {
                    breakGlass?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            admins: number;
                            findings: {
                                appId?: string;
                                code: string;
                                message: string;
                                policyId?: string;
                                /** @enum {string} */
                                severity: "high" | "medium" | "low" | "info";
                                userId?: string;
                            }[];
                            knownAppIds: string[];
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conditional-access/named-locations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List named locations. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdAt: string;
                                displayName: string;
                                id: string;
                                kind: string;
                                namedLocation: {
                                    [key: string]: unknown;
                                };
                                updatedAt: string;
                            }[];
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        /** Import a Graph ipNamedLocation or countryNamedLocation; ?dryRun=true only reports. */
        post: {
            parameters: {
                query?: {
                    dryRun?: "true" | "false";
                    match?: "id" | "displayName";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            policy: {
                                [key: string]: unknown;
                            };
                            replaced: boolean;
                            report: {
                                evaluated: string[];
                                unsupported: {
                                    path: string;
                                    reason: string;
                                }[];
                            };
                            stored: boolean;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conditional-access/named-locations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a named location. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            displayName: string;
                            id: string;
                            kind: string;
                            namedLocation: {
                                [key: string]: unknown;
                            };
                            updatedAt: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        /** Replace a named location. */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        post?: never;
        /** Delete a named location no policy uses. */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        options?: never;
        head?: never;
        /** Change part of a named location (JSON merge patch). */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        trace?: never;
    };
    "/api/v1/conditional-access/named-locations/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export a named location in the Graph shape. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conditional-access/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List conditional access policies. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdAt: string;
                                displayName: string;
                                id: string;
                                policy: {
                                    [key: string]: unknown;
                                };
                                state: string;
                                updatedAt: string;
                            }[];
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        /** Import a Graph conditionalAccessPolicy (a re-import updates the policy with the same id, or with ?match=displayName the same name); ?dryRun=true only reports, with the changes. */
        post: {
            parameters: {
                query?: {
                    dryRun?: "true" | "false";
                    match?: "id" | "displayName";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            policy: {
                                [key: string]: unknown;
                            };
                            replaced: boolean;
                            report: {
                                evaluated: string[];
                                unsupported: {
                                    path: string;
                                    reason: string;
                                }[];
                            };
                            stored: boolean;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conditional-access/policies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a conditional access policy. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            displayName: string;
                            id: string;
                            policy: {
                                [key: string]: unknown;
                            };
                            state: string;
                            updatedAt: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        /** Replace a policy with a whole Graph document. */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            policy: {
                                [key: string]: unknown;
                            };
                            replaced: boolean;
                            report: {
                                evaluated: string[];
                                unsupported: {
                                    path: string;
                                    reason: string;
                                }[];
                            };
                            stored: boolean;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        post?: never;
        /** Delete a policy. */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        options?: never;
        head?: never;
        /** Change part of a policy (JSON merge patch over the Graph document). */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            policy: {
                                [key: string]: unknown;
                            };
                            replaced: boolean;
                            report: {
                                evaluated: string[];
                                unsupported: {
                                    path: string;
                                    reason: string;
                                }[];
                            };
                            stored: boolean;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        trace?: never;
    };
    "/api/v1/conditional-access/policies/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export a policy as a Graph conditionalAccessPolicy. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conditional-access/what-if": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Evaluate a hypothetical sign-in and explain every policy (nothing is logged). */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default null */
                        appId?: string | null;
                        authenticationMethods?: ("password" | "sms" | "voice" | "totp" | "microsoftAuthenticatorPush" | "microsoftAuthenticatorPasswordless" | "passkey" | "windowsHelloForBusiness" | "x509CertificateMultiFactor" | "x509CertificateSingleFactor" | "federatedMultiFactor" | "temporaryAccessPass")[];
                        /**
                         * @default browser
                         * @enum {string}
                         */
                        clientAppType?: "browser" | "mobileAppsAndDesktopClients" | "exchangeActiveSync" | "other";
                        country?: string;
                        /** @default null */
                        deviceId?: string | null;
                        /** @default null */
                        ip?: string | null;
                        platform?: ("android" | "iOS" | "windows" | "macOS" | "linux" | "windowsPhone") | null;
                        /**
                         * @default {
                         *       "mfa": false,
                         *       "authenticationStrength": null,
                         *       "passwordChanged": false,
                         *       "approvedApplication": false,
                         *       "compliantApplication": false
                         *     }
                         */
                        satisfied?: {
                            /** @default false */
                            approvedApplication?: boolean;
                            /** @default null */
                            authenticationStrength?: ("mfa" | "passwordless" | "phishingResistant") | null;
                            /** @default false */
                            compliantApplication?: boolean;
                            /** @default false */
                            mfa?: boolean;
                            /** @default false */
                            passwordChanged?: boolean;
                        };
                        /**
                         * @default none
                         * @enum {string}
                         */
                        signInRisk?: "none" | "low" | "medium" | "high";
                        user: string;
                        /** @enum {string} */
                        userAction?: "urn:user:registersecurityinfo" | "urn:user:registerdevice";
                        /**
                         * @default none
                         * @enum {string}
                         */
                        userRisk?: "none" | "low" | "medium" | "high";
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            missingControls: {
                                control: string;
                                message: string;
                                policyIds: string[];
                            }[];
                            policies: {
                                applied: boolean;
                                decidedBy: {
                                    code: string;
                                    condition: string;
                                    message: string;
                                };
                                displayName: string;
                                missingControls: string[];
                                policyId: string;
                                reportOnlyResult?: string;
                                result: string;
                                state: string;
                            }[];
                            reasons: {
                                code: string;
                                message: string;
                            }[];
                            /** @enum {string} */
                            result: "grant" | "block" | "controlsRequired";
                            sessionControls: {
                                applicationEnforcedRestrictions: boolean;
                                persistentBrowser: string | null;
                                signInFrequencyHours: number | null;
                            };
                            signIn: {
                                appId: string | null;
                                clientAppType: string;
                                device: {
                                    complianceState: string | null;
                                    id: string;
                                    isCompliant: boolean | null;
                                    trustType: string | null;
                                } | null;
                                groupIds: string[];
                                ip: string | null;
                                platform: string | null;
                                roleIds: string[];
                                satisfied: {
                                    [key: string]: unknown;
                                };
                                signInRisk: string;
                                userAction: string | null;
                                userId: string;
                                userPrincipalName: string;
                                userRisk: string;
                            };
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/device/checkin": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check in: send posture, receive commands. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default [] */
                        commandResults?: {
                            commandId: string;
                            detail?: string;
                            /** @enum {string} */
                            status: "succeeded" | "failed";
                        }[];
                        report: {
                            agentVersion: string;
                            /** Format: date-time */
                            collectedAt: string;
                            facts: {
                                "agent.version"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: string;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "antispyware.enabled"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: boolean;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "antivirus.enabled"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: boolean;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "antivirus.signatureUpToDate"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: boolean;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "codeIntegrity.enabled"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: boolean;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "defender.enabled"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: boolean;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "defender.realTimeProtection"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: boolean;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "device.hostname"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: string;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "device.manufacturer"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: string;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "device.model"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: string;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "device.serialNumber"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: string;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "encryption.volumes"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: {
                                        device: string;
                                        encrypted: boolean;
                                        method: string;
                                        mountPoint: string;
                                        system: boolean;
                                    }[];
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "firewall.enabled"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: boolean;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "firewall.product"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: string;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                jailbroken?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: boolean;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "os.build"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: string;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "os.distribution"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: string;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "os.kernel"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: string;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "os.name"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: string;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "os.version"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: string;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "password.maxAgeDays"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: number;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "password.minLength"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: number;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "password.required"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: boolean;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "password.type"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    /** @enum {string} */
                                    value: "none" | "numeric" | "alphanumeric" | "complex";
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "screenLock.enabled"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: boolean;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "screenLock.idleSeconds"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: number;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "secureBoot.enabled"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: boolean;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "tpm.present"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: boolean;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "tpm.version"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: string;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "updates.automaticSecurity"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: boolean;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                                "updates.pendingSecurity"?: {
                                    source: string;
                                    /** @constant */
                                    state: "known";
                                    value: number;
                                } | {
                                    /** @enum {string} */
                                    cause?: "not-installed" | "needs-admin" | "not-supported";
                                    reason: string;
                                    /** @constant */
                                    state: "unknown";
                                };
                            };
                            /** @enum {string} */
                            platform: "windows" | "macos" | "linux" | "ios" | "android" | "iot";
                            /** @constant */
                            schemaVersion: 1;
                        };
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/device/renew": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Renew the device certificate with a new key pair (the old certificate is refused from then on). */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        csr: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/device/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The device's own status and compliance, with remediation steps. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List devices: filter, sort, paginate. */
        get: {
            parameters: {
                query?: {
                    complianceState?: string;
                    cursor?: string;
                    groupId?: string;
                    joinType?: "joined" | "registered";
                    lastCheckinAfter?: string;
                    lastCheckinBefore?: string;
                    limit?: number;
                    order?: "asc" | "desc";
                    osVersion?: string;
                    ownership?: "corporate" | "personal";
                    platform?: "windows" | "macos" | "linux" | "ios" | "android" | "iot";
                    search?: string;
                    sort?: "displayName" | "lastCheckinAt" | "enrolledAt" | "osVersion" | "platform";
                    status?: "active" | "revoked" | "retired";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                agentVersion: string | null;
                                category: string | null;
                                complianceState: string;
                                displayName: string;
                                enrolledAt: string;
                                enrollmentProfileId: string | null;
                                extensionAttributes: {
                                    [key: string]: unknown;
                                };
                                groupTag: string | null;
                                hardwareIdentity: {
                                    machineIdHash: string | null;
                                    productUuidHash: string | null;
                                };
                                hostname: string | null;
                                id: string;
                                joinType: string;
                                lastCheckinAt: string | null;
                                manufacturer: string | null;
                                model: string | null;
                                noncompliantSince: string | null;
                                osName: string | null;
                                osVersion: string | null;
                                ownership: string;
                                platform: string;
                                primaryUserId: string | null;
                                replacedByDeviceId: string | null;
                                riskLevel: string;
                                scopeTags: string[];
                                serialNumber: string | null;
                                status: string;
                                updatedAt: string;
                            }[];
                            nextCursor: string | null;
                            total: number;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Device detail with its latest posture, certificates and groups. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            agentVersion: string | null;
                            category: string | null;
                            certificates: {
                                fingerprint256: string;
                                notAfter: string;
                                notBefore: string;
                                serial: string;
                                status: string;
                            }[];
                            compliance: {
                                evaluatedAt: string;
                                result: unknown;
                                state: string;
                            } | null;
                            complianceState: string;
                            displayName: string;
                            enrolledAt: string;
                            enrollmentProfileId: string | null;
                            extensionAttributes: {
                                [key: string]: unknown;
                            };
                            groupIds: string[];
                            groupTag: string | null;
                            hardwareIdentity: {
                                machineIdHash: string | null;
                                productUuidHash: string | null;
                            };
                            hostname: string | null;
                            id: string;
                            joinType: string;
                            lastCheckinAt: string | null;
                            manufacturer: string | null;
                            model: string | null;
                            noncompliantSince: string | null;
                            osName: string | null;
                            osVersion: string | null;
                            ownership: string;
                            platform: string;
                            posture: {
                                collectedAt: string;
                                receivedAt: string;
                                report: {
                                    agentVersion?: string;
                                    collectedAt: string;
                                    facts: {
                                        [key: string]: {
                                            reason?: string;
                                            source?: string;
                                            /** @enum {string} */
                                            state: "known" | "unknown";
                                            value?: unknown;
                                        };
                                    };
                                    platform: string;
                                    schemaVersion: number;
                                };
                            } | null;
                            primaryUserId: string | null;
                            replacedByDeviceId: string | null;
                            riskLevel: string;
                            scopeTags: string[];
                            serialNumber: string | null;
                            status: string;
                            updatedAt: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        /** Delete a device and its history from the inventory. */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        options?: never;
        head?: never;
        /** Set admin-set device properties (displayName, category, extensionAttribute1-15); dynamic groups and compliance are re-evaluated. */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        category?: string | null;
                        displayName?: string;
                        extensionAttributes?: {
                            extensionAttribute1?: string | null;
                            extensionAttribute2?: string | null;
                            extensionAttribute3?: string | null;
                            extensionAttribute4?: string | null;
                            extensionAttribute5?: string | null;
                            extensionAttribute6?: string | null;
                            extensionAttribute7?: string | null;
                            extensionAttribute8?: string | null;
                            extensionAttribute9?: string | null;
                            extensionAttribute10?: string | null;
                            extensionAttribute11?: string | null;
                            extensionAttribute12?: string | null;
                            extensionAttribute13?: string | null;
                            extensionAttribute14?: string | null;
                            extensionAttribute15?: string | null;
                        };
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            agentVersion: string | null;
                            category: string | null;
                            complianceState: string;
                            displayName: string;
                            enrolledAt: string;
                            enrollmentProfileId: string | null;
                            extensionAttributes: {
                                [key: string]: unknown;
                            };
                            groupIds: string[];
                            groupsChanged: boolean;
                            groupTag: string | null;
                            hardwareIdentity: {
                                machineIdHash: string | null;
                                productUuidHash: string | null;
                            };
                            hostname: string | null;
                            id: string;
                            joinType: string;
                            lastCheckinAt: string | null;
                            manufacturer: string | null;
                            model: string | null;
                            noncompliantSince: string | null;
                            osName: string | null;
                            osVersion: string | null;
                            ownership: string;
                            platform: string;
                            primaryUserId: string | null;
                            replacedByDeviceId: string | null;
                            riskLevel: string;
                            scopeTags: string[];
                            serialNumber: string | null;
                            status: string;
                            updatedAt: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        trace?: never;
    };
    "/api/v1/devices/{id}/commands": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Commands sent to a device, newest first: issued, delivered, succeeded or failed, with the agent's result text. */
        get: {
            parameters: {
                query?: {
                    kind?: "lock" | "retire" | "notify";
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deviceId: string;
                            items: {
                                completedAt: string | null;
                                deliveredAt: string | null;
                                deliveries: number;
                                detail: string | null;
                                id: string;
                                issuedAt: string;
                                kind: string;
                                payload: unknown;
                                redeliverAfter: string | null;
                                /** @enum {string} */
                                state: "issued" | "delivered" | "succeeded" | "failed";
                            }[];
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{id}/compliance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A device's compliance per policy and setting, and its scheduled noncompliance actions. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            actions: {
                                actionType: string;
                                attempts: number;
                                episodeId: string | null;
                                finishedAt: string | null;
                                id: string;
                                lastError: string | null;
                                policyId: string | null;
                                runAt: string;
                                status: string;
                            }[];
                            deviceId: string;
                            evaluatedAt: string | null;
                            graceEndsAt: string | null;
                            noncompliantSince: string | null;
                            policies: {
                                displayName: string;
                                notEvaluated: {
                                    reason: string;
                                    setting: string;
                                }[];
                                policyId: string;
                                settings: {
                                    code: string;
                                    expected: unknown;
                                    observed: unknown;
                                    reason: string;
                                    remediation: string;
                                    setting: string;
                                    state: string;
                                }[];
                                state: string;
                            }[];
                            reasons: {
                                code: string;
                                message: string;
                            }[];
                            riskLevel: string;
                            state: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{id}/evaluate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-evaluate a device's compliance now (after a fix, without waiting for its next check-in); audited. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            complianceState: string;
                            deviceId: string;
                            previousState: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{id}/lock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue a remote lock command; the agent runs it at its next check-in. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commandId?: string;
                            deviceId: string;
                            status: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{id}/posture": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Posture history, newest first. */
        get: {
            parameters: {
                query?: {
                    before?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                collectedAt: string;
                                id: string;
                                receivedAt: string;
                                report: {
                                    agentVersion?: string;
                                    collectedAt: string;
                                    facts: {
                                        [key: string]: {
                                            reason?: string;
                                            source?: string;
                                            /** @enum {string} */
                                            state: "known" | "unknown";
                                            value?: unknown;
                                        };
                                    };
                                    platform: string;
                                    schemaVersion: number;
                                };
                            }[];
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{id}/retire": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retire a device: revoke its identity and mark it retired (kept in inventory for audit). */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commandId?: string;
                            deviceId: string;
                            status: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke a device: its certificates are rejected from the next request on. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commandId?: string;
                            deviceId: string;
                            status: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{id}/risk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a device's risk level (the detection engine's input); the device is re-evaluated at once. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        riskLevel: "none" | "low" | "medium" | "high";
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            complianceState: string;
                            deviceId: string;
                            riskLevel: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/duplicates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Active device records that are the same machine (same firmware UUID, or same machine-id), grouped. */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                devices: {
                                    agentVersion: string | null;
                                    category: string | null;
                                    complianceState: string;
                                    displayName: string;
                                    enrolledAt: string;
                                    enrollmentProfileId: string | null;
                                    extensionAttributes: {
                                        [key: string]: unknown;
                                    };
                                    groupTag: string | null;
                                    hardwareIdentity: {
                                        machineIdHash: string | null;
                                        productUuidHash: string | null;
                                    };
                                    hostname: string | null;
                                    id: string;
                                    joinType: string;
                                    lastCheckinAt: string | null;
                                    manufacturer: string | null;
                                    model: string | null;
                                    noncompliantSince: string | null;
                                    osName: string | null;
                                    osVersion: string | null;
                                    ownership: string;
                                    platform: string;
                                    primaryUserId: string | null;
                                    replacedByDeviceId: string | null;
                                    riskLevel: string;
                                    scopeTags: string[];
                                    serialNumber: string | null;
                                    status: string;
                                    updatedAt: string;
                                }[];
                            }[];
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/stale": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Devices with no check-in for N days. */
        get: {
            parameters: {
                query?: {
                    days?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                agentVersion: string | null;
                                category: string | null;
                                complianceState: string;
                                displayName: string;
                                enrolledAt: string;
                                enrollmentProfileId: string | null;
                                extensionAttributes: {
                                    [key: string]: unknown;
                                };
                                groupTag: string | null;
                                hardwareIdentity: {
                                    machineIdHash: string | null;
                                    productUuidHash: string | null;
                                };
                                hostname: string | null;
                                id: string;
                                joinType: string;
                                lastCheckinAt: string | null;
                                manufacturer: string | null;
                                model: string | null;
                                noncompliantSince: string | null;
                                osName: string | null;
                                osVersion: string | null;
                                ownership: string;
                                platform: string;
                                primaryUserId: string | null;
                                replacedByDeviceId: string | null;
                                riskLevel: string;
                                scopeTags: string[];
                                serialNumber: string | null;
                                status: string;
                                updatedAt: string;
                            }[];
                            olderThan: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/enroll": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Corporate join: enroll a device with a profile token and a CSR. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        csr: string;
                        device: {
                            hardwareIdentity?: {
                                machineIdHash?: string;
                                productUuidHash?: string;
                            };
                            hostname: string;
                            manufacturer?: string;
                            model?: string;
                            osName?: string;
                            osVersion?: string;
                            /** @enum {string} */
                            platform: "windows" | "macos" | "linux" | "ios" | "android" | "iot";
                            serialNumber?: string;
                        };
                        enrollmentToken: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/enrollment-profiles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List enrollment profiles. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdAt: string;
                                expiresAt: string;
                                groupTag: string | null;
                                id: string;
                                maxUses: number | null;
                                name: string;
                                ownership: string;
                                revokedAt: string | null;
                                targetGroupIds: string[];
                                uses: number;
                            }[];
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        /** Create a corporate enrollment profile; returns its token (shown once) and the agent command line. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: date-time */
                        expiresAt?: string;
                        /** @default 168 */
                        expiresInHours?: number;
                        groupTag?: string;
                        /** @default null */
                        maxUses?: number | null;
                        name: string;
                        /**
                         * @default corporate
                         * @constant
                         */
                        ownership?: "corporate";
                        /** @default [] */
                        scopeTags?: string[];
                        /** @default [] */
                        targetGroupIds?: string[];
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            agentCommand: string;
                            caFingerprint256: string;
                            createdAt: string;
                            expiresAt: string;
                            groupTag: string | null;
                            id: string;
                            maxUses: number | null;
                            name: string;
                            ownership: string;
                            revokedAt: string | null;
                            targetGroupIds: string[];
                            token: string;
                            uses: number;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/enrollment-profiles/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an enrollment profile's token. */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/gateway/oidc-client": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The gateway's OpenID Connect client (issuer, client id and secret), after recording the ports users reach the gateway on. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ports: number[];
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/gateway/server-certificate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A TLS server certificate for the gateway from the Verity CA (for gateways without a certificate of their own). */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        hostnames: string[];
                        /** @default [] */
                        ips?: (string)[];
                        /** @default 30 */
                        validityDays?: number;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/gateway/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign a user in through a gateway (user name and password); returns a signed session token bound to the device certificate. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default null */
                        certificateThumbprint?: string | null;
                        /** @default null */
                        deviceId?: string | null;
                        password: string;
                        username: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/gateway/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Sign a gateway session out (every gateway refuses it from then on). */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/gateway/sign-ins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A gateway's batch of decisions for the sign-in log. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default 0 */
                        dropped?: number;
                        gatewayId: string;
                        signIns: {
                            appId: string;
                            at: string;
                            /** @enum {string} */
                            clientAppType: "browser" | "mobileAppsAndDesktopClients" | "exchangeActiveSync" | "other";
                            deviceCompliant: boolean | null;
                            deviceId: string | null;
                            id: string;
                            ip: string | null;
                            lastAt: string;
                            missingControls: string[];
                            platform: string | null;
                            policies: {
                                displayName: string;
                                policyId: string;
                                result: string;
                            }[];
                            reasons: {
                                code: string;
                                message: string;
                            }[];
                            reportOnly: {
                                displayName: string;
                                policyId: string;
                                result: string;
                            }[];
                            requests: number;
                            /** @enum {string} */
                            result: "grant" | "block" | "controlsRequired";
                            sessionId: string;
                            snapshotVersion: string;
                            userId: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Success */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/gateway/snapshot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The snapshot stream (text/event-stream): a full snapshot, then ordered deltas; Last-Event-ID resumes after a version. */
        get: {
            parameters: {
                query?: {
                    from?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/gateways": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Gateways connected to this control plane and the snapshot version each holds. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List groups. */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdAt: string;
                                description: string | null;
                                displayName: string;
                                id: string;
                                /** @enum {string} */
                                memberKind: "user" | "device";
                                membershipRule: string | null;
                                /** @enum {string} */
                                membershipType: "static" | "dynamic";
                                updatedAt: string;
                            }[];
                            nextOffset: number | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        /** Create a group. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        displayName: string;
                        /** @enum {string} */
                        memberKind: "user" | "device";
                        membershipRule?: string;
                        /**
                         * @default static
                         * @enum {string}
                         */
                        membershipType?: "static" | "dynamic";
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            description: string | null;
                            displayName: string;
                            id: string;
                            /** @enum {string} */
                            memberKind: "user" | "device";
                            membershipRule: string | null;
                            /** @enum {string} */
                            membershipType: "static" | "dynamic";
                            updatedAt: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a group. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            description: string | null;
                            displayName: string;
                            id: string;
                            /** @enum {string} */
                            memberKind: "user" | "device";
                            membershipRule: string | null;
                            /** @enum {string} */
                            membershipType: "static" | "dynamic";
                            updatedAt: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        /** Delete a group. */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        options?: never;
        head?: never;
        /** Change a group (names, dynamic rule). */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        displayName?: string;
                        membershipRule?: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            description: string | null;
                            displayName: string;
                            id: string;
                            /** @enum {string} */
                            memberKind: "user" | "device";
                            membershipRule: string | null;
                            /** @enum {string} */
                            membershipType: "static" | "dynamic";
                            updatedAt: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        trace?: never;
    };
    "/api/v1/groups/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a group's members. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                memberId: string;
                                source: string;
                            }[];
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups/{id}/members/{memberId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Add a static member. */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    memberId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        post?: never;
        /** Remove a static member. */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    memberId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups/rule-preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Preview a dynamic membership rule: how many users or devices it matches and a sample of them (rule errors carry their position). */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        memberKind: "user" | "device";
                        membershipRule: string;
                        /** @default 10 */
                        sampleSize?: number;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            complete: boolean;
                            matched: number;
                            properties: string[];
                            sample: {
                                displayName: string;
                                id: string;
                            }[];
                            scanned: number;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/identity/protection-profiles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List account protection profiles. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        /** Create an account protection profile (PIN and passkey settings that override the tenant-wide policy for its groups). */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string | null;
                        displayName: string;
                        /** @default [] */
                        groupIds?: string[];
                        settings: {
                            pinExpirationInDays?: number;
                            /** @enum {string} */
                            pinLowercaseCharactersUsage?: "allowed" | "required" | "disallowed";
                            pinMaximumLength?: number;
                            pinMinimumLength?: number;
                            pinPreviousBlockCount?: number;
                            /** @enum {string} */
                            pinSpecialCharactersUsage?: "allowed" | "required" | "disallowed";
                            /** @enum {string} */
                            pinUppercaseCharactersUsage?: "allowed" | "required" | "disallowed";
                            securityDeviceRequired?: boolean;
                            securityKeyRequired?: boolean;
                            unlockWithBiometricsEnabled?: boolean;
                        };
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/identity/protection-profiles/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Replace an account protection profile. */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string | null;
                        displayName: string;
                        /** @default [] */
                        groupIds?: string[];
                        settings: {
                            pinExpirationInDays?: number;
                            /** @enum {string} */
                            pinLowercaseCharactersUsage?: "allowed" | "required" | "disallowed";
                            pinMaximumLength?: number;
                            pinMinimumLength?: number;
                            pinPreviousBlockCount?: number;
                            /** @enum {string} */
                            pinSpecialCharactersUsage?: "allowed" | "required" | "disallowed";
                            /** @enum {string} */
                            pinUppercaseCharactersUsage?: "allowed" | "required" | "disallowed";
                            securityDeviceRequired?: boolean;
                            securityKeyRequired?: boolean;
                            unlockWithBiometricsEnabled?: boolean;
                        };
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        post?: never;
        /** Delete an account protection profile. */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/identity/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Identity settings: break-glass accounts, password and throttling rules, the tenant-wide PIN and passkey policy. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change identity settings (JSON merge patch); the result is validated as a whole. */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        trace?: never;
    };
    "/api/v1/me/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user's devices with compliance and how to fix each failing setting. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                compliance: {
                                    evaluatedAt: string | null;
                                    graceEndsAt: string | null;
                                    policies: {
                                        displayName: string;
                                        notEvaluated: {
                                            reason: string;
                                            setting: string;
                                        }[];
                                        policyId: string;
                                        settings: {
                                            code: string;
                                            expected: unknown;
                                            observed: unknown;
                                            reason: string;
                                            remediation: string;
                                            setting: string;
                                            state: string;
                                        }[];
                                        state: string;
                                    }[];
                                    reasons: {
                                        code: string;
                                        message: string;
                                    }[];
                                    state: string;
                                };
                                displayName: string;
                                id: string;
                                lastCheckinAt: string | null;
                                osName: string | null;
                                osVersion: string | null;
                                platform: string;
                                status: string;
                                view: {
                                    badge: {
                                        label: string;
                                        state: string;
                                    };
                                    fixes: {
                                        fix: string;
                                        policy: string;
                                        problem: string;
                                    }[];
                                    notice: {
                                        at: string | null;
                                        text: string;
                                    } | null;
                                    remarks: string[];
                                };
                            }[];
                            user: {
                                displayName: string;
                                id: string;
                                userPrincipalName: string;
                            };
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/devices/{id}/pin": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the Verity PIN for passwordless sign-in on one of the user's enrolled devices; refused with the rule and its source when it breaks the PIN policy. */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        pin: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deviceId: string;
                            expiresAt: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/effective-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user's PIN and passkey policy, with where each value comes from. */
        get: {
            parameters: {
                query?: {
                    deviceId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deviceId: string | null;
                            passkeys: {
                                allowedAaguids: string[];
                                /** @enum {string} */
                                attestation: "none" | "direct";
                            };
                            password: {
                                historyCount: number;
                                minimumLength: number;
                            };
                            pin: {
                                [key: string]: {
                                    conflicts: {
                                        displayName: string;
                                        profileId: string;
                                        value: unknown;
                                    }[];
                                    source: {
                                        displayName?: string;
                                        /** @enum {string} */
                                        kind: "default" | "tenant" | "profile";
                                        profileId?: string;
                                    };
                                    value: unknown;
                                };
                            };
                            profiles: {
                                displayName: string;
                                id: string;
                                viaGroupIds: string[];
                            }[];
                            userId: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/passkeys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register a passkey from a WebAuthn creation response; checked against the effective PIN and passkey policy. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default null */
                        deviceId?: string | null;
                        /** @default Passkey */
                        displayName?: string;
                        response: {
                            /** @enum {string} */
                            authenticatorAttachment?: "platform" | "cross-platform";
                            /** @default {} */
                            clientExtensionResults?: {
                                [key: string]: unknown;
                            };
                            id: string;
                            rawId: string;
                            response: {
                                attestationObject: string;
                                authenticatorData?: string;
                                clientDataJSON: string;
                                publicKey?: string;
                                publicKeyAlgorithm?: number;
                                transports?: string[];
                            };
                            /** @constant */
                            type: "public-key";
                        };
                        transaction: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            aaguid: string;
                            backedUp: boolean;
                            createdAt: string;
                            deviceId: string | null;
                            deviceType: string;
                            displayName: string;
                            id: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/passkeys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove one of the user's passkeys. */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/passkeys/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** WebAuthn creation options to register a passkey (user verification required). */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            options: {
                                /** @enum {string} */
                                attestation?: "direct" | "enterprise" | "indirect" | "none";
                                attestationFormats?: ("fido-u2f" | "packed" | "android-safetynet" | "android-key" | "tpm" | "apple" | "none")[];
                                authenticatorSelection?: {
                                    /** @enum {string} */
                                    authenticatorAttachment?: "platform" | "cross-platform";
                                    requireResidentKey?: boolean;
                                    /** @enum {string} */
                                    residentKey?: "discouraged" | "preferred" | "required";
                                    /** @enum {string} */
                                    userVerification?: "required" | "preferred" | "discouraged";
                                };
                                challenge: string;
                                excludeCredentials?: {
                                    id: string;
                                    transports?: ("ble" | "cable" | "hybrid" | "internal" | "nfc" | "smart-card" | "usb")[];
                                    /** @constant */
                                    type: "public-key";
                                }[];
                                extensions?: {
                                    [key: string]: unknown;
                                };
                                hints?: ("hybrid" | "security-key" | "client-device")[];
                                pubKeyCredParams: {
                                    alg: number;
                                    /** @constant */
                                    type: "public-key";
                                }[];
                                rp: {
                                    id?: string;
                                    name: string;
                                };
                                timeout?: number;
                                user: {
                                    displayName: string;
                                    id: string;
                                    name: string;
                                };
                            };
                            transaction: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change the password (checked against the password policy); every other session is signed out. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currentPassword: string;
                        newPassword: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/push-subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Subscribe this browser to Web Push noncompliance notifications. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uri */
                        endpoint: string;
                        expirationTime?: number | null;
                        keys: {
                            auth: string;
                            p256dh: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            id: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/security": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user's sign-in methods and the PIN and passkey policy in force for them. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            devicePins: {
                                deviceId: string;
                                displayName: string;
                                expiresAt: string | null;
                                set: boolean;
                                setAt: string | null;
                            }[];
                            effectivePolicy: {
                                deviceId: string | null;
                                passkeys: {
                                    allowedAaguids: string[];
                                    /** @enum {string} */
                                    attestation: "none" | "direct";
                                };
                                password: {
                                    historyCount: number;
                                    minimumLength: number;
                                };
                                pin: {
                                    [key: string]: {
                                        conflicts: {
                                            displayName: string;
                                            profileId: string;
                                            value: unknown;
                                        }[];
                                        source: {
                                            displayName?: string;
                                            /** @enum {string} */
                                            kind: "default" | "tenant" | "profile";
                                            profileId?: string;
                                        };
                                        value: unknown;
                                    };
                                };
                                profiles: {
                                    displayName: string;
                                    id: string;
                                    viaGroupIds: string[];
                                }[];
                                userId: string;
                            };
                            passkeys: {
                                aaguid: string;
                                backedUp: boolean;
                                createdAt: string;
                                deviceId: string | null;
                                deviceType: string;
                                displayName: string;
                                id: string;
                                lastUsedAt: string | null;
                            }[];
                            recoveryCodesLeft: number;
                            session: {
                                authTime: string | null;
                                deviceId: string | null;
                                methods: string[] | null;
                                strength: string | null;
                            } | null;
                            totp: {
                                confirmedAt: string | null;
                                status: string;
                            } | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start TOTP enrollment: the secret (shown once) and an otpauth:// URI; confirm with a code. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            otpauthUri: string;
                            secret: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        /** Remove the TOTP authenticator and the recovery codes. */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/totp/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm TOTP enrollment with a current code; returns ten recovery codes (shown once). */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            recoveryCodes: string[];
                            /** @constant */
                            status: "active";
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notification-message-templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List notification message templates. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            value: {
                                "@odata.type": string;
                                defaultLocale: string;
                                displayName: string;
                                id: string;
                                lastModifiedDateTime: string;
                                localizedNotificationMessages: {
                                    isDefault: boolean;
                                    locale: string;
                                    messageTemplate: string;
                                    subject: string;
                                }[];
                            }[];
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        /** Create a notification message template with localized messages. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @constant */
                        "@odata.type"?: "#microsoft.graph.notificationMessageTemplate";
                        brandingOptions?: string;
                        defaultLocale?: string;
                        displayName: string;
                        /** @default [] */
                        localizedNotificationMessages?: ({
                            id?: string | null;
                            isDefault?: boolean;
                            locale: string;
                            messageTemplate: string;
                            subject: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        roleScopeTagIds?: string[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            "@odata.type": string;
                            defaultLocale: string;
                            displayName: string;
                            id: string;
                            lastModifiedDateTime: string;
                            localizedNotificationMessages: {
                                isDefault: boolean;
                                locale: string;
                                messageTemplate: string;
                                subject: string;
                            }[];
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notification-message-templates/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a notification message template. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            "@odata.type": string;
                            defaultLocale: string;
                            displayName: string;
                            id: string;
                            lastModifiedDateTime: string;
                            localizedNotificationMessages: {
                                isDefault: boolean;
                                locale: string;
                                messageTemplate: string;
                                subject: string;
                            }[];
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        /** Delete a template (actions naming it fall back to the built-in message). */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        options?: never;
        head?: never;
        /** Change a template (messages are replaced as a whole). */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        defaultLocale?: string;
                        displayName?: string;
                        localizedNotificationMessages?: ({
                            id?: string | null;
                            isDefault?: boolean;
                            locale: string;
                            messageTemplate: string;
                            subject: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            "@odata.type": string;
                            defaultLocale: string;
                            displayName: string;
                            id: string;
                            lastModifiedDateTime: string;
                            localizedNotificationMessages: {
                                isDefault: boolean;
                                locale: string;
                                messageTemplate: string;
                                subject: string;
                            }[];
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        trace?: never;
    };
    "/api/v1/notification-message-templates/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Preview a notification message: the subject and text rendered with sample values (unknown tokens stay as written). */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        messageTemplate: string;
                        subject: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            body: string;
                            subject: string;
                            variables: {
                                [key: string]: string;
                            };
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/oidc-clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List OpenID Connect clients. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        /** Register an OpenID Connect client (code flow with PKCE, refresh tokens); the secret of a confidential client is shown once. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        appId?: string;
                        displayName: string;
                        /** @default [] */
                        postLogoutRedirectUris?: string[];
                        /** @default false */
                        public?: boolean;
                        redirectUris: string[];
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/oidc-clients/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show an OpenID Connect client (never its secret). */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        /** Delete a client; its tokens stop working. */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        options?: never;
        head?: never;
        /** Change a client's name, app id or redirect URIs. */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        appId?: string;
                        displayName?: string;
                        /** @default [] */
                        postLogoutRedirectUris?: string[];
                        redirectUris?: string[];
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        trace?: never;
    };
    "/api/v1/oidc-clients/{id}/secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace a confidential client's secret; the new one is shown once. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/oidc/signing-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's token signing keys (public parts) and their state. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/oidc/signing-keys/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate the token signing key: a new key signs from now on; the previous one stays published for a day so issued tokens still verify. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/operator/credentials/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace the operator credential used for this call: the new one is returned once, the old one stops working. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/operator/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List tenants (operator credential). */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        /** Create a tenant with its first global admin; the admin password and a short-lived admin token are returned once. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default 24 */
                        adminTokenHours?: number;
                        adminUserPrincipalName?: string;
                        domain: string;
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/operator/tenants/{tenant}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable a tenant (id or domain): its admins, users and devices are refused with VERITY_TENANT_DISABLED; its data stays. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenant: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/operator/tenants/{tenant}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable a disabled tenant again. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenant: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/push/vapid-public-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The VAPID public key browsers subscribe with (RFC 8292). */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            publicKey: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Personal register: a user registers their own device with their credentials and a CSR. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        csr: string;
                        device: {
                            hardwareIdentity?: {
                                machineIdHash?: string;
                                productUuidHash?: string;
                            };
                            hostname: string;
                            manufacturer?: string;
                            model?: string;
                            osName?: string;
                            osVersion?: string;
                            /** @enum {string} */
                            platform: "windows" | "macos" | "linux" | "ios" | "android" | "iot";
                            serialNumber?: string;
                        };
                        password: string;
                        tenant: string;
                        username: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/checkins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Devices by the hour or day of their last check-in, and how many active devices are silent or never checked in. */
        get: {
            parameters: {
                query?: {
                    range?: "24h" | "7d" | "30d";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            bucket: "hour" | "day";
                            from: string;
                            neverCheckedIn: number;
                            points: {
                                active: number;
                                bucket: string;
                                retired: number;
                                revoked: number;
                            }[];
                            silentSince: number;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Device counts by status, and active devices by platform, ownership and compliance state. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: number;
                            byComplianceState: {
                                count: number;
                                key: string;
                            }[];
                            byOwnership: {
                                count: number;
                                key: string;
                            }[];
                            byPlatform: {
                                count: number;
                                key: string;
                            }[];
                            byStatus: {
                                count: number;
                                key: string;
                            }[];
                            total: number;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/noncompliance-actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Noncompliance actions pending, running and failed, per action type. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                actionType: string;
                                failed: number;
                                pending: number;
                                running: number;
                            }[];
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/noncompliant-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Active noncompliant devices per failing setting, most first. */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                code: string;
                                devices: number;
                                setting: string;
                            }[];
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/noncompliant-settings/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The active noncompliant devices failing one setting (the list behind a bar of noncompliant-settings). */
        get: {
            parameters: {
                query: {
                    limit?: number;
                    setting: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                complianceState: string;
                                displayName: string;
                                id: string;
                                lastCheckinAt: string | null;
                                platform: string;
                            }[];
                            setting: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/sign-ins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sign-ins granted, blocked and asked for more controls, per hour or day. */
        get: {
            parameters: {
                query?: {
                    range?: "24h" | "7d" | "30d";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            bucket: "hour" | "day";
                            from: string;
                            points: {
                                block: number;
                                bucket: string;
                                controlsRequired: number;
                                grant: number;
                            }[];
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/role-assignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List admin role assignments. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        /** Give a user an admin role, optionally limited to scope tags. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        role: "globalAdmin" | "policyAdmin" | "helpdeskOperator" | "readOnly";
                        scopeTags?: string[];
                        userId: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/role-assignments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a role assignment. */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/scim/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List SCIM provisioning tokens (never their secrets). */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        /** Create a SCIM bearer token for an external directory (Entra provisioning, Okta); shown once. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: date-time */
                        expiresAt?: string;
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/scim/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a SCIM token. */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sign-ins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The sign-in log, newest first, by user, device, app, result and time. */
        get: {
            parameters: {
                query?: {
                    appId?: string;
                    cursor?: string;
                    deviceId?: string;
                    from?: string;
                    limit?: number;
                    result?: "grant" | "block" | "controlsRequired" | "failure";
                    to?: string;
                    userId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                appId: string | null;
                                at: string;
                                clientApp: string | null;
                                decision: unknown;
                                deviceId: string | null;
                                id: string;
                                ip: string | null;
                                platform: string | null;
                                reportOnlyResults: unknown[];
                                /** @enum {string} */
                                result: "grant" | "block" | "controlsRequired";
                                userId: string | null;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ssf/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The keys that sign Verity's Security Event Tokens (JWKS). */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ssf/receive/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Push endpoint (RFC 8935): a transmitter delivers one SET (application/secevent+jwt) with its push secret; errors answer {err, description}. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Success */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ssf/streams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read one stream (?stream_id=) or all of them. */
        get: {
            parameters: {
                query?: {
                    stream_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        /** Replace a stream's configuration (SSF 1.0 §8.1.1.4). */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        aud?: string | string[];
                        delivery: {
                            authorization_header?: string;
                            endpoint_url: string;
                            /** @constant */
                            method: "urn:ietf:rfc:8935";
                        };
                        description?: string;
                        events_delivered?: string[];
                        /** @default [] */
                        events_requested?: string[];
                        events_supported?: string[];
                        inactivity_timeout?: number;
                        iss?: string;
                        min_verification_interval?: number;
                        stream_id: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        /** Create a stream (SSF 1.0 §8.1.1.1): push delivery to the receiver's HTTPS endpoint. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        aud?: string | string[];
                        delivery: {
                            authorization_header?: string;
                            endpoint_url: string;
                            /** @constant */
                            method: "urn:ietf:rfc:8935";
                        };
                        description?: string;
                        events_delivered?: string[];
                        /** @default [] */
                        events_requested?: string[];
                        events_supported?: string[];
                        inactivity_timeout?: number;
                        iss?: string;
                        min_verification_interval?: number;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        /** Delete a stream (SSF 1.0 §8.1.1.5). */
        delete: {
            parameters: {
                query: {
                    stream_id: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        options?: never;
        head?: never;
        /** Update members of a stream (SSF 1.0 §8.1.1.3). */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        aud?: string | string[];
                        delivery?: {
                            authorization_header?: string;
                            endpoint_url: string;
                            /** @constant */
                            method: "urn:ietf:rfc:8935";
                        };
                        description?: string;
                        events_delivered?: string[];
                        events_requested?: string[];
                        events_supported?: string[];
                        inactivity_timeout?: number;
                        iss?: string;
                        min_verification_interval?: number;
                        stream_id: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        trace?: never;
    };
    "/api/v1/ssf/streams/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A stream's status (SSF 1.0 §8.1.2.1). */
        get: {
            parameters: {
                query: {
                    stream_id: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        /** Enable, pause (events are held) or disable a stream (SSF 1.0 §8.1.2.2). */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                        /** @enum {string} */
                        status: "enabled" | "paused" | "disabled";
                        stream_id: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ssf/streams/subjects/add": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Include a subject in a stream again (SSF 1.0 §8.1.3.2; every subject is included by default). */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        stream_id: string;
                        subject: components["schemas"]["Def0"];
                        verified?: boolean;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ssf/streams/subjects/remove": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop sending events about a subject on a stream (SSF 1.0 §8.1.3.3). */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        stream_id: string;
                        subject: components["schemas"]["Def1"];
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ssf/streams/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask for a verification event on a stream (SSF 1.0 §8.1.4). */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        state?: string;
                        stream_id: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ssf/transmitters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The transmitters Verity receives signals from. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        /** Trust a Shared Signals transmitter; with its configuration URL and a management token, Verity creates the push stream itself. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        caPem?: string;
                        configurationUrl?: string;
                        displayName: string;
                        /**
                         * @default [
                         *       "https://schemas.openid.net/secevent/caep/event-type/session-revoked",
                         *       "https://schemas.openid.net/secevent/caep/event-type/credential-change",
                         *       "https://schemas.openid.net/secevent/caep/event-type/device-compliance-change",
                         *       "https://schemas.openid.net/secevent/caep/event-type/assurance-level-change",
                         *       "https://schemas.openid.net/secevent/caep/event-type/risk-level-change",
                         *       "https://schemas.openid.net/secevent/risc/event-type/account-disabled"
                         *     ]
                         */
                        eventsRequested?: string[];
                        issuer?: string;
                        jwksUri?: string;
                        managementToken?: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ssf/transmitters/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Stop trusting a transmitter (its stream at the transmitter is deleted when Verity created it). */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ssf/transmitters/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Events received from a transmitter and what Verity did about each, newest first. */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's tenant. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            complianceSettings: unknown;
                            createdAt: string;
                            domain: string;
                            id: string;
                            name: string;
                            you: {
                                actorId: string;
                                actorType: string;
                                role: string;
                                scopeTags: string[];
                            };
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List users. */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    search?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                attributes: {
                                    [key: string]: unknown;
                                };
                                createdAt: string;
                                department: string | null;
                                displayName: string;
                                id: string;
                                jobTitle: string | null;
                                status: string;
                                updatedAt: string;
                                userPrincipalName: string;
                                userType: string;
                            }[];
                            nextOffset: number | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        /** Create a user. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default {} */
                        attributes?: {
                            [key: string]: string | number | boolean | null;
                        };
                        department?: string;
                        displayName: string;
                        jobTitle?: string;
                        password?: string;
                        /**
                         * @default enabled
                         * @enum {string}
                         */
                        status?: "enabled" | "disabled";
                        userPrincipalName: string;
                        /**
                         * @default member
                         * @enum {string}
                         */
                        userType?: "member" | "guest";
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attributes: {
                                [key: string]: unknown;
                            };
                            createdAt: string;
                            department: string | null;
                            displayName: string;
                            id: string;
                            jobTitle: string | null;
                            status: string;
                            updatedAt: string;
                            userPrincipalName: string;
                            userType: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a user. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attributes: {
                                [key: string]: unknown;
                            };
                            createdAt: string;
                            department: string | null;
                            displayName: string;
                            id: string;
                            jobTitle: string | null;
                            status: string;
                            updatedAt: string;
                            userPrincipalName: string;
                            userType: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        /** Delete a user. */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        options?: never;
        head?: never;
        /** Change a user (status, names, attributes, password). */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default {} */
                        attributes?: {
                            [key: string]: string | number | boolean | null;
                        };
                        department?: string;
                        displayName?: string;
                        jobTitle?: string;
                        password?: string;
                        /**
                         * @default enabled
                         * @enum {string}
                         */
                        status?: "enabled" | "disabled";
                        /**
                         * @default member
                         * @enum {string}
                         */
                        userType?: "member" | "guest";
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attributes: {
                                [key: string]: unknown;
                            };
                            createdAt: string;
                            department: string | null;
                            displayName: string;
                            id: string;
                            jobTitle: string | null;
                            status: string;
                            updatedAt: string;
                            userPrincipalName: string;
                            userType: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        trace?: never;
    };
    "/api/v1/users/{id}/effective-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The PIN and passkey policy in force for a user (and one of their devices), with the source of every value and the conflicts between profiles. */
        get: {
            parameters: {
                query?: {
                    deviceId?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/revoke-sign-in-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign the user out everywhere (Graph revokeSignInSessions): every gateway refuses their next request and closes their streams. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/identity/assets/security.js": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The security page script. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/identity/assets/sign-in.js": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The sign-in page script. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/identity/security": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The user's passkeys, authenticator app, device PINs and PIN policy (HTML). */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/identity/sign-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sign in to the portal with a password or a passkey (HTML). */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics (bearer VERITY_METRICS_TOKEN; or on the VERITY_METRICS_LISTEN listener). */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oidc/{tenant}/interaction/{uid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The sign-in page of an OIDC authorization. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenant: string;
                    uid: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oidc/{tenant}/interaction/{uid}/abort": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel the sign-in; the application receives access_denied. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenant: string;
                    uid: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oidc/{tenant}/interaction/{uid}/passkey-options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** WebAuthn request options for this sign-in. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenant: string;
                    uid: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        transaction: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oidc/{tenant}/interaction/{uid}/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with user name and password. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenant: string;
                    uid: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                        transaction: string;
                        username: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oidc/{tenant}/interaction/{uid}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Begin (or, with an existing session, decide at once) the sign-in of an OIDC authorization. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenant: string;
                    uid: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oidc/{tenant}/interaction/{uid}/step": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Continue with a TOTP code, a recovery code, a device PIN or a passkey. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenant: string;
                    uid: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        /** @constant */
                        method: "totp";
                        transaction: string;
                    } | {
                        code: string;
                        /** @constant */
                        method: "recoveryCode";
                        transaction: string;
                    } | {
                        /** @constant */
                        method: "devicePin";
                        pin: string;
                        transaction: string;
                        username?: string;
                    } | {
                        /** @constant */
                        method: "passkey";
                        response: {
                            /** @enum {string} */
                            authenticatorAttachment?: "platform" | "cross-platform";
                            /** @default {} */
                            clientExtensionResults?: {
                                [key: string]: unknown;
                            };
                            id: string;
                            rawId: string;
                            response: {
                                authenticatorData: string;
                                clientDataJSON: string;
                                signature: string;
                                userHandle?: string;
                            };
                            /** @constant */
                            type: "public-key";
                        };
                        transaction: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This API as an OpenAPI 3.1 document. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the store answers a query. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                413: components["responses"]["Problem"];
                429: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Def0: {
            email: string;
            /** @constant */
            format: "email";
        } | {
            /** @constant */
            format: "opaque";
            id: string;
        } | {
            /** @constant */
            format: "iss_sub";
            iss: string;
            sub: string;
        } | {
            device?: components["schemas"]["Def0"];
            /** @constant */
            format: "complex";
            session?: components["schemas"]["Def0"];
            tenant?: components["schemas"]["Def0"];
            user?: components["schemas"]["Def0"];
        };
        Def1: {
            email: string;
            /** @constant */
            format: "email";
        } | {
            /** @constant */
            format: "opaque";
            id: string;
        } | {
            /** @constant */
            format: "iss_sub";
            iss: string;
            sub: string;
        } | {
            device?: components["schemas"]["Def1"];
            /** @constant */
            format: "complex";
            session?: components["schemas"]["Def1"];
            tenant?: components["schemas"]["Def1"];
            user?: components["schemas"]["Def1"];
        };
        Problem: {
            code: string;
            detail: string;
            errors?: {
                expected?: string;
                message?: string;
                path?: string;
                position?: number;
            }[];
            instance?: string;
            requestId?: string;
            status: number;
            title: string;
            type: string;
        };
    };
    responses: {
        /** @description RFC 9457 problem details */
        Problem: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
