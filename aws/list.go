package aws

// Services lists every AWS collector compiled in. Adding a service means adding
// it here; TestServices checks each declaration.
func Services() []*Service {
	return []*Service{
		iamService,
		s3Service,
		ec2Service,
		rdsService,
		kmsService,
		cloudtrailService,
		guarddutyService,
		securityhubService,
		configService,
		organizationsService,
		lambdaService,
		elbv2Service,
		logsService,
		cloudwatchService,
		snsService,
		sqsService,
		secretsmanagerService,
		ecrService,
		ecsService,
		eksService,
		dynamodbService,
		acmService,
		accountService,
		efsService,
		// h-aws2
		elasticacheService,
		opensearchService,
		redshiftService,
		// h-aws3
		cloudfrontService,
		wafv2Service,
		apigatewayService,
		route53Service,
		ssmService,
		accessAnalyzerService,
		inspector2Service,
		detectiveService,
		backupService,
		// h-awsa
		macieService,
		glueService,
		athenaService,
		sagemakerService,
		bedrockService,
		cognitoService,
		// h-awsb
		eventbridgeService,
		kinesisService,
		stepfunctionsService,
		transferService,
		elbService,
		vpcService,
	}
}
