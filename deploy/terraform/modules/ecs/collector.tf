# Configuration of the metrics collector (AWS Distro for OpenTelemetry) in the api and ml tasks: it scrapes the
# service's Prometheus endpoint every minute and writes the series the alarms need as CloudWatch embedded metric
# format records, so the CloudWatch alarms evaluate the same metrics as the on-prem Prometheus rules. The
# collector reads the target from its environment (SCRAPE_TARGET, SCRAPE_JOB).

resource "aws_ssm_parameter" "collector_config" {
  name        = "/unicorn/${var.name}/otel-collector-config"
  description = "ADOT collector configuration of the api and ml tasks"
  type        = "String"
  tier        = "Standard"
  value = yamlencode({
    receivers = {
      prometheus = {
        config = {
          scrape_configs = [
            {
              job_name        = "$${env:SCRAPE_JOB}"
              scrape_interval = "60s"
              metrics_path    = "/metrics"
              static_configs  = [{ targets = ["$${env:SCRAPE_TARGET}"] }]
            },
          ]
        }
      }
    }
    exporters = {
      awsemf = {
        namespace               = var.metrics_namespace
        log_group_name          = var.metrics_log_group
        log_stream_name         = "{TaskId}"
        dimension_rollup_option = "NoDimensionRollup"
        metric_declarations = [
          {
            dimensions            = [["service"]]
            metric_name_selectors = ["^unicorn_readings_ingested_total$"]
          },
          {
            dimensions            = [["service", "state"]]
            metric_name_selectors = ["^unicorn_db_pool_connections$"]
          },
          {
            dimensions            = [["service", "reason"]]
            metric_name_selectors = ["^ml_prediction_errors_total$"]
          },
        ]
      }
    }
    service = {
      pipelines = {
        metrics = {
          receivers = ["prometheus"]
          exporters = ["awsemf"]
        }
      }
    }
  })
}
