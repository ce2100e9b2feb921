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
  description = "Image names are <prefix>-base, <prefix>-bridge and <prefix>-api."
  default     = "headroom"
}

variable "headroom_jar" {
  type        = string
  description = "Path of the Headroom jar baked into the api image (build it with mvn -B package)."
  default     = "../api/target/headroom.jar" # relative to the directory packer runs in
}
