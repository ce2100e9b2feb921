variable "scw_access_key" {
  type        = string
  description = "Scaleway access key; from SCW_ACCESS_KEY."
  default     = env("SCW_ACCESS_KEY")
  sensitive   = true
}

variable "scw_secret_key" {
  type        = string
  description = "Scaleway secret key; from SCW_SECRET_KEY."
  default     = env("SCW_SECRET_KEY")
  sensitive   = true
}

variable "scw_project_id" {
  type        = string
  description = "Scaleway project; from SCW_DEFAULT_PROJECT_ID."
  default     = env("SCW_DEFAULT_PROJECT_ID")
}

variable "zone" {
  type        = string
  description = "Zone the build instances run in."
  default     = "fr-par-1"
}

variable "os_image" {
  type        = string
  description = "Scaleway marketplace image the base layer starts from."
  default     = "debian_bookworm"
}

variable "commercial_type" {
  type        = string
  description = "Instance type of the temporary build machine."
  default     = "PLAY2-MICRO"
}

variable "image_prefix" {
  type        = string
  description = "Image and snapshot names are <prefix>-base-<time>, <prefix>-bridge-<time> and <prefix>-api-<time> (UTC, YYYYMMDD-hhmmss)."
  default     = "headroom"
}

variable "base_image_id" {
  type        = string
  description = "UUID of the base image the bridge and api images start from (packer/manifest.json after the base build, or scw instance image list)."
  default     = ""

  validation {
    condition     = var.base_image_id == "" || (length(var.base_image_id) == 36 && length(split("-", var.base_image_id)) == 5)
    error_message = "The base_image_id must be an image UUID such as 6b7a1a49-5d10-4c0e-9a3e-2f4c8b1d0e77 (a name would be looked up in the marketplace)."
  }
}

variable "headroom_jar" {
  type        = string
  description = "Path of the Headroom jar baked into the api image; empty: api/target/headroom.jar of this checkout (mvn -B package builds it)."
  default     = ""
}

variable "ansible_vault_password_file" {
  type        = string
  description = "File holding the Ansible vault password, so the provisioner can open group_vars/all/vault.yml; from ANSIBLE_VAULT_PASSWORD_FILE. Empty: no vault."
  default     = env("ANSIBLE_VAULT_PASSWORD_FILE")
}
