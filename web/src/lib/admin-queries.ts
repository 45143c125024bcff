import { graphql } from '../gql';

/** Documents of the administration pages: users, groups, object permissions and the user's own API tokens. */

export const UsersQuery = graphql(`
  query AdminUsers {
    users { id username email isActive isSuperuser lastLogin groups { id name } }
  }
`);

export const GroupsQuery = graphql(`
  query AdminGroups {
    groups { id name users { id username } }
  }
`);

export const PermissionsQuery = graphql(`
  query AdminPermissions {
    objectPermissions {
      id name description enabled actions constraints
      contentTypes { label }
      users { id username }
      groups { id name }
    }
  }
`);

export const CreateUserMutation = graphql(`
  mutation AdminCreateUser($input: UserInput!) {
    createUser(input: $input) { user { id } errors { field message } }
  }
`);

export const UpdateUserMutation = graphql(`
  mutation AdminUpdateUser($id: ID!, $input: UserInput!) {
    updateUser(id: $id, input: $input) { user { id } errors { field message } }
  }
`);

export const CreateGroupMutation = graphql(`
  mutation AdminCreateGroup($name: String!, $userIds: [ID!]) {
    createGroup(name: $name, userIds: $userIds) { group { id } errors { field message } }
  }
`);

export const UpdateGroupMutation = graphql(`
  mutation AdminUpdateGroup($id: ID!, $name: String, $userIds: [ID!]) {
    updateGroup(id: $id, name: $name, userIds: $userIds) { group { id } errors { field message } }
  }
`);

export const DeleteGroupMutation = graphql(`
  mutation AdminDeleteGroup($id: ID!) { deleteGroup(id: $id) }
`);

export const CreatePermissionMutation = graphql(`
  mutation AdminCreatePermission($input: CreateObjectPermissionInput!) {
    createObjectPermission(input: $input) { objectPermission { id } errors { field message } }
  }
`);

export const UpdatePermissionMutation = graphql(`
  mutation AdminUpdatePermission($id: ID!, $input: UpdateObjectPermissionInput!) {
    updateObjectPermission(id: $id, input: $input) { objectPermission { id } errors { field message } }
  }
`);

export const DeletePermissionMutation = graphql(`
  mutation AdminDeletePermission($id: ID!) { deleteObjectPermission(id: $id) }
`);

export const MyTokensQuery = graphql(`
  query MyApiTokens {
    myApiTokens { id prefix description created expires lastUsed revoked writeEnabled }
  }
`);

export const CreateTokenMutation = graphql(`
  mutation CreateMyApiToken($description: String, $expires: DateTime, $writeEnabled: Boolean) {
    createApiToken(description: $description, expires: $expires, writeEnabled: $writeEnabled) { key token { id } errors { field message } }
  }
`);

export const RevokeTokenMutation = graphql(`
  mutation RevokeMyApiToken($id: ID!) { revokeApiToken(id: $id) }
`);
