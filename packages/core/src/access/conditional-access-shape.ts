import { shape, type GraphShape } from '../graph-import/normalise-graph-document.js';

/**
 * The Graph conditionalAccessPolicy as normalising real exports needs to know it (enumerations
 * from learn.microsoft.com/graph/api/resources/conditionalaccesspolicy and its linked types).
 */
const RISK = ['low', 'medium', 'high', 'hidden', 'none', 'unknownFutureValue'];
const PLATFORMS = ['android', 'iOS', 'windows', 'windowsPhone', 'macOS', 'linux', 'all', 'unknownFutureValue'];
const CLIENT_APPS = ['all', 'browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'easSupported', 'other', 'unknownFutureValue'];
const GUEST_TYPES = ['none', 'internalGuest', 'b2bCollaborationGuest', 'b2bCollaborationMember', 'b2bDirectConnectUser', 'otherExternalUser', 'serviceProvider', 'unknownFutureValue'];
const BUILT_IN_CONTROLS = ['block', 'mfa', 'compliantDevice', 'domainJoinedDevice', 'approvedApplication', 'compliantApplication', 'passwordChange', 'unknownFutureValue'];

const guests = shape.object({
  guestOrExternalUserTypes: shape.flags(GUEST_TYPES),
  externalTenants: shape.object({ membershipKind: shape.enum(['all', 'enumerated', 'unknownFutureValue']), members: shape.list }),
});

/** Shape of a conditionalAccessPolicy for `normaliseGraphDocument`. */
export const CONDITIONAL_ACCESS_SHAPE: GraphShape = shape.object({
  id: shape.value,
  displayName: shape.value,
  description: shape.value,
  createdDateTime: shape.value,
  modifiedDateTime: shape.value,
  deletedDateTime: shape.value,
  templateId: shape.value,
  partialEnablementStrategy: shape.value,
  state: shape.enum(['enabled', 'disabled', 'enabledForReportingButNotEnforced']),
  conditions: shape.object({
    users: shape.object({
      includeUsers: shape.keywordList(['All', 'None', 'GuestsOrExternalUsers']),
      excludeUsers: shape.keywordList(['GuestsOrExternalUsers']),
      includeGroups: shape.list,
      excludeGroups: shape.list,
      includeRoles: shape.list,
      excludeRoles: shape.list,
      includeGuestsOrExternalUsers: guests,
      excludeGuestsOrExternalUsers: guests,
    }, { required: true }),
    applications: shape.object({
      includeApplications: shape.keywordList(['All', 'None', 'Office365', 'MicrosoftAdminPortals']),
      excludeApplications: shape.keywordList(['Office365', 'MicrosoftAdminPortals']),
      includeUserActions: shape.keywordList(['urn:user:registersecurityinfo', 'urn:user:registerdevice']),
      includeAuthenticationContextClassReferences: shape.list,
      applicationFilter: shape.object({ mode: shape.enum(['include', 'exclude']) }),
    }, { required: true }),
    clientAppTypes: shape.enumList(CLIENT_APPS),
    platforms: shape.object({ includePlatforms: shape.enumList(PLATFORMS), excludePlatforms: shape.enumList(PLATFORMS) }),
    locations: shape.object({ includeLocations: shape.keywordList(['All', 'AllTrusted']), excludeLocations: shape.keywordList(['All', 'AllTrusted']) }),
    devices: shape.object({
      includeDevices: shape.list,
      excludeDevices: shape.list,
      includeDeviceStates: shape.list,
      excludeDeviceStates: shape.list,
      deviceFilter: shape.object({ mode: shape.enum(['include', 'exclude']) }),
    }),
    signInRiskLevels: shape.enumList(RISK),
    userRiskLevels: shape.enumList(RISK),
    servicePrincipalRiskLevels: shape.enumList(RISK),
    insiderRiskLevels: shape.value,
    clientApplications: shape.object({}),
    authenticationFlows: shape.object({}),
  }, { required: true }),
  grantControls: shape.object({
    operator: shape.enum(['AND', 'OR']),
    builtInControls: shape.enumList(BUILT_IN_CONTROLS),
    customAuthenticationFactors: shape.list,
    termsOfUse: shape.list,
    authenticationStrength: shape.object({}),
  }),
  sessionControls: shape.object({
    applicationEnforcedRestrictions: shape.object({}),
    persistentBrowser: shape.object({ mode: shape.enum(['always', 'never']) }),
    signInFrequency: shape.object({
      type: shape.enum(['days', 'hours']),
      authenticationType: shape.enum(['primaryAndSecondaryAuthentication', 'secondaryAuthentication', 'unknownFutureValue']),
      frequencyInterval: shape.enum(['timeBased', 'everyTime', 'unknownFutureValue']),
    }),
    cloudAppSecurity: shape.object({}),
    continuousAccessEvaluation: shape.object({}),
    disableResilienceDefaults: shape.value,
    secureSignInSession: shape.object({}),
    globalSecureAccessFilteringProfile: shape.object({}),
  }),
});
