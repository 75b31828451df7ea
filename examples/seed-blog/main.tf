# The example from the blog walkthrough "Azure Synapse with Data Exfiltration
# Protection (DEP)", with its mistakes left in. synapse-lint should report them.
#
# This is a partial configuration, like the blog's snippets: the resource
# group, the Data Lake filesystem, the storage account, the Key Vault, the SQL
# server, the Event Hubs namespace, the Log Analytics workspace and the storage
# blob are referenced but not declared.

terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.0"
    }
    null = {
      source  = "hashicorp/null"
      version = "~> 3.0"
    }
  }
}

resource "azurerm_synapse_workspace" "this" {
  name                                 = "syn-production"
  resource_group_name                  = azurerm_resource_group.this.name
  location                             = azurerm_resource_group.this.location
  storage_data_lake_gen2_filesystem_id = azurerm_storage_data_lake_gen2_filesystem.this.id
  managed_virtual_network_enabled      = true
  data_exfiltration_protection_enabled = true # This is the key setting

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_synapse_managed_private_endpoint" "storage" {
  name                 = "pe-storage-blob"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_storage_account.data.id
  subresource_name     = "blob"
}

resource "azurerm_synapse_managed_private_endpoint" "storage_dfs" {
  name                 = "pe-storage-dfs"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_storage_account.data.id
  subresource_name     = "dfs"
}

resource "azurerm_synapse_managed_private_endpoint" "keyvault" {
  name                 = "pe-keyvault"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_key_vault.this.id
  subresource_name     = "vault"
}

resource "azurerm_synapse_managed_private_endpoint" "sql" {
  name                 = "pe-sql"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_mssql_server.this.id
  subresource_name     = "sqlServer"
}

resource "azurerm_synapse_managed_private_endpoint" "eventhub" {
  name                 = "pe-eventhub"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_eventhub_namespace.this.id
  subresource_name     = "namespace" # Note: not "eventhub"
}

# Auto-approval doesn't work for managed private endpoints
# You need to approve them manually or via automation
resource "null_resource" "approve_storage_pe" {
  depends_on = [azurerm_synapse_managed_private_endpoint.storage]

  provisioner "local-exec" {
    command = <<-EOT
      az network private-endpoint-connection approve \
        --resource-group ${azurerm_resource_group.this.name} \
        --resource-name ${azurerm_storage_account.data.name} \
        --name ${azurerm_synapse_managed_private_endpoint.storage.name} \
        --type Microsoft.Storage/storageAccounts \
        --description "Approved for Synapse"
    EOT
  }
}

resource "azurerm_synapse_workspace_package" "pandas" {
  name                 = "pandas-1.5.0-py3-none-any.whl"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  link                 = azurerm_storage_blob.pandas_wheel.url
}

resource "azurerm_synapse_managed_private_endpoint" "log_analytics" {
  name                 = "pe-log-analytics"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_log_analytics_workspace.this.id
  subresource_name     = "api" # For data collection
}
